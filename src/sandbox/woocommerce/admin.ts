import type { Context, Hono } from 'hono';
import type { FaultRule } from '../shared/faults';
import { WooError } from './errors';
import type { WooSimulator } from './index';

/**
 * Test/demo control surface under /_admin, deliberately NOT WooCommerce-shaped (plain JSON, `{error}` on
 * failure) and outside auth, faults and the call log. Same operations as the WooSimulator methods.
 */
export function registerAdminRoutes(app: Hono, sim: WooSimulator): void {
  const A = '/_admin';
  const body = async (c: Context) => {
    const text = await c.req.text();
    return text.trim() ? JSON.parse(text) : {};
  };
  const wrap = (fn: (c: Context) => unknown) => async (c: Context) => {
    try {
      const out = await fn(c);
      return c.json(out ?? { ok: true }, c.req.method === 'POST' && out && typeof out === 'object' && 'id' in out ? 201 : 200);
    } catch (e) {
      if (e instanceof WooError) return c.json({ error: e.message, code: e.code }, e.status === 500 ? 400 : (e.status as 400));
      if (e instanceof SyntaxError) return c.json({ error: `invalid JSON: ${e.message}` }, 400);
      throw e;
    }
  };
  const id = (c: Context) => Number(c.req.param('id'));

  app.get(`${A}/settings`, wrap(() => ({ ...sim.settings, siteUrl: sim.siteUrl() })));
  app.patch(`${A}/settings`, wrap(async (c) => {
    const changes = await body(c);
    const { siteUrl, ...rest } = changes as { siteUrl?: string } & Record<string, unknown>;
    if (siteUrl) sim.setSiteUrl(siteUrl);
    for (const [k, v] of Object.entries(rest)) if (k in sim.settings) (sim.settings as unknown as Record<string, unknown>)[k] = v;
    return { ...sim.settings, siteUrl: sim.siteUrl() };
  }));

  app.get(`${A}/products`, wrap(() => sim.products()));
  app.post(`${A}/products`, wrap(async (c) => {
    const b = await body(c);
    return sim.seedProducts(Array.isArray(b) ? b : [b]);
  }));
  app.on(['PUT', 'PATCH', 'POST'], `${A}/products/:id{[0-9]+}`, wrap(async (c) => sim.editProduct(id(c), await body(c))));
  app.get(`${A}/customers`, wrap(() => sim.customers()));
  app.post(`${A}/customers`, wrap(async (c) => {
    const b = await body(c);
    return sim.seedCustomers(Array.isArray(b) ? b : [b]);
  }));
  app.post(`${A}/coupons`, wrap(async (c) => {
    const b = await body(c);
    sim.seedCoupons(Array.isArray(b) ? b : [b]);
    return { ok: true };
  }));

  app.get(`${A}/orders`, wrap(() => sim.orders()));
  app.get(`${A}/orders/:id{[0-9]+}`, wrap((c) => sim.getOrder(id(c)) ?? Promise.reject(new WooError('not_found', 'No such order', { status: 404 }))));
  app.post(`${A}/shopper/orders`, wrap(async (c) => sim.placeOrder(await body(c))));
  app.on(['POST', 'PUT'], `${A}/orders/:id{[0-9]+}/status`, wrap(async (c) => sim.updateOrderStatus(id(c), (await body(c)).status)));
  app.post(`${A}/orders/:id{[0-9]+}/refunds`, wrap(async (c) => sim.createRefund(id(c), await body(c))));

  app.get(`${A}/webhooks`, wrap(() => sim.webhooks()));
  app.get(`${A}/deliveries`, wrap((c) => {
    const q = new URL(c.req.url).searchParams;
    return sim
      .deliveries()
      .filter((d) => !q.get('webhook_id') || d.webhookId === Number(q.get('webhook_id')))
      .filter((d) => !q.get('topic') || d.topic === q.get('topic'))
      .filter((d) => !q.get('kind') || d.kind === q.get('kind'));
  }));
  app.post(`${A}/deliveries/flush`, wrap(async () => {
    await sim.flushDeliveries();
    return { ok: true, deliveries: sim.deliveries().length };
  }));
  app.post(`${A}/deliveries/fail-next`, wrap(async (c) => {
    const b = await body(c);
    sim.failNextDeliveryRender({ webhookId: b.webhook_id, code: b.code, message: b.message, status: b.status });
    return { ok: true };
  }));

  app.post(`${A}/reset`, wrap(() => {
    sim.reset();
    return { ok: true };
  }));
  app.get(`${A}/faults`, wrap(() => sim.faults.list()));
  app.post(`${A}/faults`, wrap(async (c) => ({ id: sim.faults.add((await body(c)) as FaultRule) })));
  app.delete(`${A}/faults`, wrap(() => {
    sim.faults.clear();
    return { ok: true };
  }));
  app.delete(`${A}/faults/:fid`, wrap((c) => {
    sim.faults.remove(c.req.param('fid') ?? '');
    return { ok: true };
  }));
  app.get(`${A}/calls`, wrap(() => sim.calls.all()));
  app.delete(`${A}/calls`, wrap(() => {
    sim.calls.clear();
    return { ok: true };
  }));
}
