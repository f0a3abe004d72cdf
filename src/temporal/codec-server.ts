import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';

/** A payload as the Web UI and `temporal` CLI send it: proto3 JSON, bytes as base64. */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

export interface CodecAppOptions {
  codec: PayloadCodec;
  /** Web UI origins the browser may call from (the UI calls the codec server from the page, not its server). */
  corsOrigins: string[];
  /** When set, every call needs `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * The remote codec endpoint of the Temporal Web UI and CLI (`POST /encode`, `POST /decode`), running the same
 * codec as the workers, so people who can reach it read decrypted payloads while the database keeps ciphertext.
 */
export function createCodecApp({ codec, corsOrigins, token }: CodecAppOptions): Hono {
  const app = new Hono();
  app.use(
    '*',
    cors({
      origin: (origin) => (corsOrigins.includes(origin) ? origin : null),
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization', 'X-Namespace'],
      credentials: true,
      maxAge: 600,
    }),
  );
  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS' || !token) return next();
    const given = Buffer.from(c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return c.json({ error: 'unauthorized' }, 401);
    return next();
  });
  for (const op of ['encode', 'decode'] as const) {
    app.post(`/${op}`, async (c) => {
      let body: { payloads?: JsonPayload[] };
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'body must be JSON {"payloads": [...]}' }, 400);
      }
      if (!Array.isArray(body?.payloads)) return c.json({ error: 'body must be JSON {"payloads": [...]}' }, 400);
      try {
        const out = await codec[op](body.payloads.map(fromJson));
        return c.json({ payloads: out.map(toJson) });
      } catch (err) {
        // A payload under a key this server does not hold: say which, never what.
        return c.json({ error: (err as Error).message }, 422);
      }
    });
  }
  app.get('/healthz', (c) => c.text('ok'));
  return app;
}

export interface CodecServer {
  url: string;
  close(): Promise<void>;
}

export function serveCodec(options: CodecAppOptions, bind: string): Promise<CodecServer> {
  const [hostname, port] = [bind.slice(0, bind.lastIndexOf(':')), Number(bind.slice(bind.lastIndexOf(':') + 1))];
  const app = createCodecApp(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
