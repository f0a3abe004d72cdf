import { call, newSim, startReceiver } from './helpers';

describe('webhooks REST resource', () => {
  it('never returns the secret and generates a 50-character one when omitted', async () => {
    const sim = newSim();
    const res = await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: 'http://127.0.0.1:9/x' });
    expect(res.status).toBe(201);
    expect(res.json).not.toHaveProperty('secret');
    expect(res.json.name).toMatch(/^Webhook created on /);
    expect((await call(sim, 'GET', `webhooks/${res.json.id}`)).json).not.toHaveProperty('secret');
    expect((await call(sim, 'GET', 'webhooks')).text).not.toContain('"secret"');
    expect(sim.webhooks()[0].secret).toHaveLength(50);
  });

  it('validates topic and delivery_url', async () => {
    const sim = newSim();
    const topic = await call(sim, 'POST', 'webhooks', { topic: 'order.shipped', delivery_url: 'http://x.test/' });
    expect([topic.status, topic.json.code]).toEqual([400, 'woocommerce_rest_shop_webhook_invalid_topic']);
    const url = await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: 'ftp://x.test/' });
    expect([url.status, url.json.code]).toEqual([400, 'woocommerce_rest_shop_webhook_invalid_delivery_url']);
    const missing = await call(sim, 'POST', 'webhooks', { topic: 'order.created' });
    expect(missing.json.code).toBe('rest_missing_callback_param');
    expect((await call(sim, 'POST', 'webhooks', { topic: 'action.woocommerce_order_refunded', delivery_url: 'http://x.test/' })).status).toBe(201);
  });

  it('needs force=true to delete (501 otherwise)', async () => {
    const sim = newSim();
    const w = await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: 'http://127.0.0.1:9/x' });
    const soft = await call(sim, 'DELETE', `webhooks/${w.json.id}`);
    expect([soft.status, soft.json.code]).toEqual([501, 'woocommerce_rest_trash_not_supported']);
    expect((await call(sim, 'DELETE', `webhooks/${w.json.id}?force=true`)).status).toBe(200);
    expect((await call(sim, 'GET', `webhooks/${w.json.id}`)).status).toBe(404);
  });

  it('filters the list by status', async () => {
    const sim = newSim();
    await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: 'http://127.0.0.1:9/a' });
    await call(sim, 'POST', 'webhooks', { topic: 'order.updated', delivery_url: 'http://127.0.0.1:9/b', status: 'paused' });
    expect((await call(sim, 'GET', 'webhooks?status=paused')).json.map((w: any) => w.topic)).toEqual(['order.updated']);
    expect((await call(sim, 'GET', 'webhooks?status=disabled')).json).toEqual([]);
    expect((await call(sim, 'GET', 'webhooks')).json).toHaveLength(2);
  });

  it('pings on create with an unsigned webhook_id=N form body; only exactly 200 clears pending_delivery', async () => {
    const ok = await startReceiver([200]);
    const noContent = await startReceiver([204]);
    const sim = newSim();
    try {
      const a = await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: ok.url });
      const b = await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: noContent.url });
      expect([a.status, b.status]).toEqual([201, 201]); // ping result ignored
      expect(ok.received[0].body).toBe(`webhook_id=${a.json.id}`);
      expect(ok.received[0].headers).not.toHaveProperty('x-wc-webhook-signature');
      expect(sim.webhooks().map((w) => [w.id, w.pending_delivery, w.status])).toEqual([
        [a.json.id, false, 'active'],
        [b.json.id, true, 'active'],
      ]);
    } finally {
      await ok.close();
      await noContent.close();
    }
  });

  it('pings again when an active webhook gets a new delivery_url', async () => {
    const first = await startReceiver();
    const second = await startReceiver();
    const sim = newSim();
    try {
      const w = await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: first.url });
      await call(sim, 'PUT', `webhooks/${w.json.id}`, { delivery_url: second.url });
      expect(second.received.map((r) => r.body)).toEqual([`webhook_id=${w.json.id}`]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('pings on a save while pending_delivery is still set, but not when re-activating a delivered webhook', async () => {
    const r = await startReceiver([204]);
    const sim = newSim();
    try {
      const w = await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: r.url });
      expect(sim.webhooks()[0].pending_delivery).toBe(true);
      r.setStatuses([200]);
      await call(sim, 'PUT', `webhooks/${w.json.id}`, { name: 'renamed' });
      expect(r.received).toHaveLength(2);
      expect(sim.webhooks()[0].pending_delivery).toBe(false);
      await call(sim, 'PUT', `webhooks/${w.json.id}`, { status: 'paused' });
      await call(sim, 'PUT', `webhooks/${w.json.id}`, { status: 'active' });
      expect(r.received).toHaveLength(2);
    } finally {
      await r.close();
    }
  });
});
