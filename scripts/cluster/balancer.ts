import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface Delivery {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Balancer {
  url: string;
  port: number;
  /** Sends a delivery through the balancer as if the store had (used for out-of-order deliveries). */
  forward(delivery: Delivery): Promise<number>;
  /** Resolves when every extra copy scheduled so far has been sent. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A round-robin HTTP balancer in front of the webhook receivers (what a load balancer does in production).
 * `copies` lets a chaos run deliver one request several times, to different receivers, later: the sender
 * gets the first copy's answer; the extra copies go out in the background.
 */
export async function startBalancer(opts: { targets: string[]; port?: number; copies?: (d: Delivery) => { extra: number; delayMs: () => number } }): Promise<Balancer> {
  let next = 0;
  const pending = new Set<Promise<unknown>>();
  const send = async (d: Delivery): Promise<number> => {
    const target = opts.targets[next++ % opts.targets.length];
    try {
      const res = await request(`${target}${d.path}`, { method: d.method as 'POST', headers: d.headers, body: d.body, headersTimeout: 30_000, bodyTimeout: 30_000 });
      await res.body.dump();
      return res.statusCode;
    } catch {
      return 502;
    }
  };
  const forward = async (d: Delivery) => {
    const plan = opts.copies?.(d);
    for (let i = 0; i < (plan?.extra ?? 0); i++) {
      const p = new Promise((r) => setTimeout(r, plan!.delayMs())).then(() => send(d));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    return send(d);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k)) headers[k] = v;
      void forward({ method: req.method ?? 'POST', path: req.url ?? '/', headers, body: Buffer.concat(chunks) }).then((status) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      });
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    forward,
    async drained() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
