import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../src/config';
import { logger } from '../../src/logger';
import { createWebhookApp } from '../../src/webhook/app';
import { connectToTestServer } from '../helpers/temporal';

describe('health endpoints', () => {
  const config = loadConfig({ SANDBOX: '1' });
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectToTestServer();
  });
  afterAll(async () => env?.teardown());

  it('answers /healthz while the process runs and /readyz when Temporal answers in the configured namespace', async () => {
    const app = createWebhookApp({ config, temporal: env.client, logger });
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', temporal: 'reachable', namespace: 'found' });
  });

  it('reports not ready when Temporal is unreachable, so a load balancer stops sending deliveries', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    const app = createWebhookApp({ config, temporal: new Client({ connection }), logger });
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not-ready', temporal: 'unreachable' });
    await connection.close().catch(() => undefined);
  });

  it('reports not ready when the configured namespace does not exist: every delivery would be refused', async () => {
    const app = createWebhookApp({ config: loadConfig({ SANDBOX: '1', TEMPORAL_NAMESPACE: 'no-such-namespace' }), temporal: env.client, logger });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not-ready', temporal: 'reachable', namespace: 'not-found' });
  });
});
