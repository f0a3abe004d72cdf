import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../src/config';
import { createActivities } from '../../src/activities';
import { createEpicorClient } from '../../src/epicor';
import { createWooClient } from '../../src/woocommerce';
import { dataConverter, EncryptionCodec } from '../../src/temporal/encryption-codec';
import { webhookHealthStatusQuery } from '../../src/workflows/definitions';
import { connectToTestServer, testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

const key = () => randomBytes(32);

describe('payload encryption', () => {
  it('round-trips a payload and hides its content', async () => {
    const codec = new EncryptionCodec(key());
    const plain = defaultPayloadConverter.toPayload({ email: 'jane@example.com' })!;
    const [encrypted] = await codec.encode([plain]);
    expect(Buffer.from(encrypted.data!).toString('latin1')).not.toContain('jane@example.com');
    const [decoded] = await codec.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ email: 'jane@example.com' });
  });

  it('refuses to decode with a different key instead of returning garbage', async () => {
    const [encrypted] = await new EncryptionCodec(key()).encode([defaultPayloadConverter.toPayload('x')!]);
    await expect(new EncryptionCodec(key()).decode([encrypted])).rejects.toThrow(/encrypted with key/);
  });

  it('rejects a key that is not 32 bytes, in config too', () => {
    expect(() => new EncryptionCodec(Buffer.alloc(16))).toThrow(/32 bytes/);
    expect(() => loadConfig({ TEMPORAL_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/TEMPORAL_ENCRYPTION_KEY is invalid/);
  });

  describe('on the real Temporal server', () => {
    let env: TestWorkflowEnvironment;
    beforeAll(async () => {
      env = await connectToTestServer();
    });
    afterAll(async () => env?.teardown());

    it('stores workflow inputs and state encrypted, and the connector still reads them', async () => {
      const secretKey = key().toString('base64');
      const config = loadConfig({ SANDBOX: '1', TEMPORAL_ENCRYPTION_KEY: secretKey });
      const converter = dataConverter(config.temporal.encryptionKey);
      const client = new Client({ connection: env.connection, dataConverter: converter });
      const taskQueue = uniqueTaskQueue('encrypted');
      const epicor = createEpicorClient(config.epicor);
      const woo = createWooClient(config.woo);
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: testWorkflowBundle(),
        dataConverter: converter,
        activities: createActivities({ config, epicor, woo, temporal: client }),
      });
      const marker = 'catchup-marker-7f3a9c';
      await worker.runUntil(async () => {
        const handle = await client.workflow.start('webhookHealth', { workflowId: uniqueTaskQueue('health-enc'), taskQueue, args: [{ intervalSeconds: 3600, catchupWorkflowId: marker }] });
        await waitFor('the first check', async () => (await handle.query(webhookHealthStatusQuery)).checks === 1);
        expect((await handle.query(webhookHealthStatusQuery)).alert).toMatch(/WEBHOOK_PUBLIC_URL is not set/);

        // Every payload the server holds (input, activity inputs and results, markers) is ciphertext.
        const payloads = collectPayloads(await handle.fetchHistory());
        expect(payloads.length).toBeGreaterThan(3);
        for (const p of payloads) {
          expect(Buffer.from(p.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
          expect(Buffer.from(p.data ?? []).toString('latin1')).not.toContain(marker);
        }
        // Without the key the data is opaque: a plain client cannot read the workflow's input.
        const plain = new Client({ connection: env.connection });
        await expect(plain.workflow.getHandle(handle.workflowId).query(webhookHealthStatusQuery)).rejects.toThrow();
        await handle.terminate();
      });
      await epicor.close();
      await woo.close();
    });
  });
});

interface RawPayload {
  metadata?: Record<string, Uint8Array> | null;
  data?: Uint8Array | null;
}

/** Every Payload object anywhere in a history (they all have `metadata.encoding`). */
function collectPayloads(node: unknown, out: RawPayload[] = []): RawPayload[] {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return out;
  const maybe = node as RawPayload;
  if (maybe.metadata && typeof maybe.metadata === 'object' && 'encoding' in maybe.metadata) {
    out.push(maybe);
    return out;
  }
  for (const value of Object.values(node)) collectPayloads(value, out);
  return out;
}
