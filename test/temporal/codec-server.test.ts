import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createCodecApp, serveCodec } from '../../src/temporal/codec-server';
import { dataConverter, EncryptionCodec } from '../../src/temporal/encryption-codec';
import { connectToTestServer, uniqueTaskQueue } from '../helpers/temporal';

const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('base64');
const UI = 'http://127.0.0.1:8233';

/** History payloads as the Web UI sends them to a codec endpoint (proto JSON, bytes in base64). */
const asJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data),
});

describe('codec server for the Web UI', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectToTestServer();
  });
  afterAll(async () => env?.teardown());

  /** Starts a workflow through an encrypting client and returns its raw (still encrypted) start event payloads. */
  async function encryptedHistory(key: Buffer, marker: string) {
    const client = new Client({ connection: env.connection, dataConverter: dataConverter(key.toString('base64')) });
    const handle = await client.workflow.start('orderImport', {
      workflowId: `codec-${marker}`,
      taskQueue: uniqueTaskQueue('codec-no-worker'),
      args: [{ store: marker, wooOrderId: 4242 }],
      staticSummary: `Woo order 4242 ${marker}`,
    });
    const { history } = await env.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: handle.workflowId } });
    await handle.terminate('test done');
    const started = history!.events![0];
    return { input: started.workflowExecutionStartedEventAttributes!.input!.payloads!, summary: started.userMetadata!.summary! };
  }

  it('decodes the encrypted history of a real workflow with the workers’ codec, and nothing else can read it', async () => {
    const key = randomBytes(32);
    const marker = `m${randomBytes(4).toString('hex')}`;
    const { input, summary } = await encryptedHistory(key, marker);
    expect(Buffer.from(input[0].metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(input[0].data!).toString('latin1')).not.toContain(marker);

    const app = createCodecApp({ codec: new EncryptionCodec(key), corsOrigins: [UI] });
    const res = await app.request('/decode', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: UI, 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [asJson(input[0]), asJson(summary)] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    const { payloads } = (await res.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payloads[0].data, 'base64').toString())).toEqual({ store: marker, wooOrderId: 4242 });
    expect(JSON.parse(Buffer.from(payloads[1].data, 'base64').toString())).toBe(`Woo order 4242 ${marker}`);

    // Encode is the inverse (the UI uses it for signals and queries it sends).
    const enc = await app.request('/encode', { method: 'POST', body: JSON.stringify({ payloads: [payloads[0]] }) });
    const encoded = ((await enc.json()) as { payloads: { metadata: Record<string, string> }[] }).payloads[0];
    expect(Buffer.from(encoded.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  });

  it('keeps payloads written before a key rotation readable through the retired key', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const { input } = await encryptedHistory(oldKey, `r${randomBytes(4).toString('hex')}`);
    const body = JSON.stringify({ payloads: [asJson(input[0])] });

    const rotated = createCodecApp({ codec: new EncryptionCodec(newKey, [oldKey]), corsOrigins: [UI] });
    expect((await rotated.request('/decode', { method: 'POST', body })).status).toBe(200);

    const forgotten = createCodecApp({ codec: new EncryptionCodec(newKey), corsOrigins: [UI] });
    const refused = await forgotten.request('/decode', { method: 'POST', body });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: string }).error).toMatch(/not configured .*TEMPORAL_ENCRYPTION_OLD_KEYS/);
  });

  it('answers the browser’s preflight for the UI origin only, and requires the bearer token when one is set', async () => {
    const app = createCodecApp({ codec: new EncryptionCodec(randomBytes(32)), corsOrigins: [UI], token: 'codec-token-1' });
    const preflight = await app.request('/decode', {
      method: 'OPTIONS',
      headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    const foreign = await app.request('/decode', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const body = JSON.stringify({ payloads: [] });
    expect((await app.request('/decode', { method: 'POST', body })).status).toBe(401);
    expect((await app.request('/decode', { method: 'POST', body, headers: { authorization: 'Bearer wrong-token-1' } })).status).toBe(401);
    expect((await app.request('/decode', { method: 'POST', body, headers: { authorization: 'Bearer codec-token-1' } })).status).toBe(200);
    expect((await app.request('/decode', { method: 'POST', body: 'not json', headers: { authorization: 'Bearer codec-token-1' } })).status).toBe(400);
  });

  it('listens on its own address', async () => {
    const server = await serveCodec({ codec: new EncryptionCodec(randomBytes(32)), corsOrigins: [UI] }, '127.0.0.1:0');
    try {
      const res = await fetch(`${server.url}/decode`, { method: 'POST', body: JSON.stringify({ payloads: [] }) });
      expect(await res.json()).toEqual({ payloads: [] });
    } finally {
      await server.close();
    }
  });
});
