import { createHmac, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Pool } from 'undici';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '../../scripts/cluster/connector';
import { spawnConnector, type NodeProcess } from '../../scripts/cluster/processes';
import { connectToTestServer } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

/**
 * 10,000+ hostile requests at the real webhook process (the production entry, on loopback): none may start a
 * workflow, each gets the status the route promises, memory stays bounded and the process stays healthy.
 */
const SECRET = 'sandbox-webhook-secret';
const MAX_BODY = 64 * 1024;
const sign = (body: string | Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('base64');
const order = (id: number) => JSON.stringify({ id, status: 'processing', date_modified_gmt: '2026-11-29T11:41:34', line_items: [{ id: 1, sku: 'MUG-CAFE-350', quantity: 1, total: '12.50' }], billing: { email: 'x@example.test' } });

interface Hostile {
  kind: string;
  body: string | Buffer;
  headers: Record<string, string>;
  expect: number[];
}

function hostile(i: number): Hostile {
  const body = order(10_000 + i);
  const h = (extra: Record<string, string>) => ({ 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-id': '1', ...extra });
  switch (i % 12) {
    case 0:
      return { kind: 'missing signature', body, headers: h({}), expect: [401] };
    case 1:
      return { kind: 'random signature', body, headers: h({ 'x-wc-webhook-signature': Buffer.from(randomUUID() + randomUUID()).toString('base64').slice(0, 43) + '=' }), expect: [401] };
    case 2:
      return { kind: 'truncated signature', body, headers: h({ 'x-wc-webhook-signature': sign(body).slice(0, 20 + (i % 20)) }), expect: [401] };
    case 3:
      return { kind: 'wrong secret', body, headers: h({ 'x-wc-webhook-signature': sign(body, 'not-the-secret') }), expect: [401] };
    case 4: {
      // Signed, then one byte altered in flight (the amount, the id, anything).
      const altered = Buffer.from(body);
      altered[10 + (i % (altered.length - 20))] ^= 0x01;
      return { kind: 'altered byte', body: altered, headers: h({ 'x-wc-webhook-signature': sign(body) }), expect: [401] };
    }
    case 5: {
      const bad = `{"id": ${i}, "status": "processing"`;
      return { kind: 'malformed JSON (signed)', body: bad, headers: h({ 'x-wc-webhook-signature': sign(bad) }), expect: [400] };
    }
    case 6: {
      const deep = '['.repeat(20_000 + (i % 1000)) + ']'.repeat(20_000 + (i % 1000));
      // Parses or not, it is no order: 400 or a 200 "ignored", never a workflow.
      return { kind: 'deeply nested JSON (signed)', body: deep, headers: h({ 'x-wc-webhook-signature': sign(deep) }), expect: [200, 400] };
    }
    case 7: {
      const deep = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
      return { kind: 'deeply nested object (unsigned)', body: deep, headers: h({ 'x-wc-webhook-signature': sign(deep, 'wrong') }), expect: [401] };
    }
    case 8: {
      const big = `{"id":1,"pad":"${'x'.repeat(MAX_BODY)}"}`;
      return { kind: 'oversize body', body: big, headers: h({ 'x-wc-webhook-signature': sign(big) }), expect: [413] };
    }
    case 9:
      return { kind: 'wrong content type (form, unsigned)', body: 'id=1&status=processing', headers: h({ 'content-type': 'application/x-www-form-urlencoded' }), expect: [401] };
    case 10: {
      const form = `id=${i}&status=processing`;
      return { kind: 'wrong content type (form, signed)', body: form, headers: h({ 'content-type': 'text/plain', 'x-wc-webhook-signature': sign(form) }), expect: [400] };
    }
    default:
      return { kind: 'signature for another body', body, headers: h({ 'x-wc-webhook-signature': sign(order(1)) }), expect: [401] };
  }
}

/** Headers, then a body that trickles in and is never finished within the run; the socket is closed after. */
function slowBody(port: number): Promise<() => void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST /webhooks/woocommerce HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nX-WC-Webhook-Topic: order.created\r\n\r\n{"id":`);
      const timer = setInterval(() => socket.write('1'), 200);
      resolve(() => {
        clearInterval(timer);
        socket.destroy();
      });
    });
    socket.on('error', () => undefined);
  });
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

let env: TestWorkflowEnvironment;
let receiver: NodeProcess;
let port: number;
const taskQueue = `hostile-${randomUUID()}`;

beforeAll(async () => {
  env = await connectToTestServer();
  port = await freePort();
  receiver = spawnConnector(
    'webhook',
    'hostile-receiver',
    { PATH: process.env.PATH, SANDBOX: '1', LOG_LEVEL: 'error', TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS, TEMPORAL_TASK_QUEUE: taskQueue, WEBHOOK_PORT: String(port), WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY) },
    '/dev/null',
  );
  await waitFor('the receiver to listen', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000);
}, 90_000);

afterAll(async () => {
  await receiver?.stop();
  await env?.teardown();
});

describe('hostile traffic at the webhook receiver', () => {
  it('answers 12,000 hostile requests with the right status, starts no workflow, and stays healthy and bounded', async () => {
    const total = 12_000;
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 50, pipelining: 1 });
    const slow = await Promise.all(Array.from({ length: 20 }, () => slowBody(port)));
    const wrong: string[] = [];
    const byKind = new Map<string, number>();
    const baseline = rssKb(receiver.pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(receiver.pid))), 100);
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          for (let i = next++; i < total; i = next++) {
            const req = hostile(i);
            const res = await pool.request({ method: 'POST', path: '/webhooks/woocommerce', body: req.body, headers: req.headers });
            await res.body.dump();
            byKind.set(req.kind, (byKind.get(req.kind) ?? 0) + 1);
            if (!req.expect.includes(res.statusCode) && wrong.length < 5) wrong.push(`${req.kind}: ${res.statusCode}`);
          }
        }),
      );
      // A chunked oversize body (no Content-Length to refuse early) is cut off while reading.
      for (let i = 0; i < 20; i++) {
        const chunks = Readable.from((function* () {
          for (let c = 0; c < 20; c++) yield Buffer.alloc(8 * 1024, 0x61);
        })());
        const res = await pool.request({ method: 'POST', path: '/webhooks/woocommerce', body: chunks, headers: { 'content-type': 'application/json' } });
        await res.body.dump();
        if (res.statusCode !== 413) wrong.push(`chunked oversize: ${res.statusCode}`);
      }
      // Slow senders hold their sockets, yet the receiver answers everyone else.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      clearInterval(sampler);
      slow.forEach((close) => close());
      await pool.close();
    }
    expect(wrong).toEqual([]);
    expect(byKind.size).toBe(12);
    // Bounded: a 64 KB limit means no request may make the process hold much more than its baseline.
    expect(peak - baseline).toBeLessThan(150 * 1024);
    expect(receiver.pid).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    // One genuine delivery afterwards: accepted, and the only workflow on this task queue.
    const body = order(424242);
    const ok = await fetch(`http://127.0.0.1:${port}/webhooks/woocommerce`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-signature': sign(body) } });
    expect(ok.status).toBe(200);
    await waitFor('the genuine delivery to be visible', async () => (await env.client.workflow.count(`TaskQueue = "${taskQueue}"`)).count === 1, 20_000);
    const started = [];
    for await (const wf of env.client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) started.push(wf.workflowId);
    expect(started).toEqual([expect.stringMatching(/-424242$/)]);
  }, 180_000);
});
