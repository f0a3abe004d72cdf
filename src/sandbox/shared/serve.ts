import type { AddressInfo } from 'node:net';
import { serve as honoServe } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Served {
  port: number;
  origin: string;
  close(): Promise<void>;
}

/** Serves a Hono app on 127.0.0.1 (port 0 = a free one) and closes it without leaving sockets open. */
export function serve(app: Hono<any>, port = 0, hostname = '127.0.0.1'): Promise<Served> {
  return new Promise((resolve) => {
    const server = honoServe({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({
        port: info.port,
        origin: `http://${hostname}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
