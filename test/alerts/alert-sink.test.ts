import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlertSink, createIncidents } from '../../src/alerts/alert-sink';

/** A stand-in for Slack's incoming webhook: records what it was sent, answers with the given status. */
function receiver(status = 200) {
  const bodies: Record<string, unknown>[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push({ ...JSON.parse(body), contentType: req.headers['content-type'] });
      res.writeHead(status).end(status === 200 ? 'ok' : 'no_service');
    });
  });
  return new Promise<{ url: string; bodies: typeof bodies; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secret-token`, bodies, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

const quiet = { error: () => undefined, info: () => undefined };

describe('alerts', () => {
  it('posts a Slack-compatible JSON text for an incident and its resolution', async () => {
    const r = await receiver();
    try {
      const sink = createAlertSink({ url: r.url, logger: quiet });
      await sink.send({ key: 'webhook-health', text: 'order.created disabled', state: 'firing' });
      await sink.send({ key: 'webhook-health', text: 'webhooks active again', state: 'resolved' });
      expect(r.bodies).toEqual([
        { text: ':rotating_light: order.created disabled', key: 'webhook-health', state: 'firing', source: 'epicor-woo-connector', contentType: 'application/json' },
        { text: ':white_check_mark: Resolved: webhooks active again', key: 'webhook-health', state: 'resolved', source: 'epicor-woo-connector', contentType: 'application/json' },
      ]);
    } finally {
      await r.close();
    }
  });

  it('fails loudly (so the activity retries) without putting the URL in the error', async () => {
    const r = await receiver(404);
    try {
      const sink = createAlertSink({ url: r.url, logger: quiet });
      const err = await sink.send({ key: 'k', text: 't', state: 'firing' }).catch((e: Error) => e);
      expect((err as Error).message).toBe('alert endpoint answered HTTP 404');
      expect((err as Error).message).not.toContain('secret-token');
    } finally {
      await r.close();
    }
  });

  it('sends one alert per incident however often the failure repeats, and one resolution', async () => {
    const r = await receiver();
    try {
      const incidents = createIncidents(createAlertSink({ url: r.url, logger: quiet }));
      await incidents.resolve({ key: 'sync-failing:sync-parts', text: 'fine' }); // nothing open: nothing sent
      for (let poll = 0; poll < 5; poll++) await incidents.fire({ key: 'sync-failing:sync-parts', text: `failing, attempt ${poll + 5}` });
      await incidents.resolve({ key: 'sync-failing:sync-parts', text: 'sync-parts: sync cycles succeed again' });
      await incidents.resolve({ key: 'sync-failing:sync-parts', text: 'again' });
      expect(r.bodies.map((b) => b.text)).toEqual([':rotating_light: failing, attempt 5', ':white_check_mark: Resolved: sync-parts: sync cycles succeed again']);
    } finally {
      await r.close();
    }
  });

  it('logs the alert when no URL is configured', async () => {
    const lines: unknown[] = [];
    const sink = createAlertSink({ logger: { error: (o: unknown, m: string) => void lines.push([o, m]), info: () => undefined } as never });
    await sink.send({ key: 'order-parked:s:12', text: 'Woo order 12 parked', state: 'firing' });
    expect(lines).toEqual([[{ alert: 'order-parked:s:12' }, 'Woo order 12 parked']]);
  });
});
