import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A bare HTTP server that records each request and answers with whatever the test queued, for the
 * few things the Epicor simulator cannot show (request headers, non-JSON bodies, UpdateExt errors).
 */
export async function captureServer() {
  const requests: Captured[] = [];
  let reply: (req: Captured) => { status: number; body: string; headers?: Record<string, string> } = () => ({ status: 200, body: '{"value":[]}' });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(captured);
      const r = reply(captured);
      res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    answer(fn: typeof reply) {
      reply = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
