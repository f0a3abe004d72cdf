import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../../src/temporal/ensure-search-attributes';
import { connectToTestServer } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

describe('search attributes', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectToTestServer();
  });
  afterAll(async () => env?.teardown());

  it('registers WooOrderId, EpicorOrderNum and ParkedReason in a namespace that lacks them, once', async () => {
    const namespace = `ns-${randomUUID().slice(0, 8)}`;
    await env.client.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    await waitFor('the namespace', async () => {
      await env.client.workflowService.describeNamespace({ namespace });
      return true;
    });

    expect((await ensureSearchAttributes(env.client, namespace)).sort()).toEqual(['EpicorOrderNum', 'ParkedReason', 'WooOrderId']);
    const { customAttributes } = await env.client.connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(['WooOrderId', 'EpicorOrderNum', 'ParkedReason']));
    expect(await ensureSearchAttributes(env.client, namespace)).toEqual([]);
  });

  it('says how to register them when the server refuses', async () => {
    await expect(ensureSearchAttributes(env.client, 'no-such-namespace')).rejects.toThrow(/temporal operator search-attribute create/);
  });
});
