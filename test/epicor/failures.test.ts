import { createEpicorClient, isEpicorError, type EpicorClient, type EpicorError } from '../../src/epicor';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { parts, simConfig } from './sim-config';

let running: RunningEpicorSimulator;
let client: EpicorClient;

const fail = async (p: Promise<unknown>): Promise<EpicorError> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isEpicorError(err)) throw new Error(`expected an EpicorError, got ${String(err)}`);
  return err;
};
const read = () => client.query('Erp.BO.PartSvc', 'Parts', { top: 1 });
const write = () => client.create('Erp.BO.CustomerSvc', 'Customers', { CustID: `C-${Math.random()}`, Name: 'X' });
const fault = (rule: Parameters<RunningEpicorSimulator['sim']['faults']['add']>[0]) => running.sim.faults.add({ times: 1, ...rule });

beforeAll(async () => {
  running = await startEpicorSimulator({ seed: { parts: parts(3), customers: [{ custId: 'TAKEN', name: 'Existing' }] } });
  client = createEpicorClient(simConfig(running.baseUrl, { timeoutMs: 400 }));
});
afterEach(() => running.sim.faults.clear());
afterAll(async () => {
  await client.close();
  await running.close();
});

describe('permanent errors', () => {
  test('400 Ice.BLException is business, not retryable, with Epicor message and details', async () => {
    const err = await fail(client.create('Erp.BO.CustomerSvc', 'Customers', { CustID: 'TAKEN', Name: 'Dup' }));
    expect(err).toMatchObject({ status: 400, category: 'business', retryable: false, errorType: 'Ice.BLException' });
    expect(err.message).toContain('Customer ID TAKEN already exists');
    expect(err.details?.[0]).toMatchObject({ table: 'Customer', field: 'CustID' });
    expect(err.correlationId).toMatch(/[0-9a-f-]{36}/);
  });

  test('400 for a bad query is business, not retryable', async () => {
    const err = await fail(client.query('Erp.BO.PartSvc', 'Parts', { select: ['NoSuchField'] }));
    expect(err).toMatchObject({ status: 400, category: 'business', retryable: false });
  });

  test('404 on a set is not-found, not retryable', async () => {
    const err = await fail(client.query('Erp.BO.PartSvc', 'NoSuchSet'));
    expect(err).toMatchObject({ status: 404, category: 'not-found', retryable: false });
  });
});

describe('transient errors', () => {
  test('429 honours Retry-After in seconds', async () => {
    fault({ kind: 'status', status: 429, headers: { 'Retry-After': '7' } });
    expect(await fail(read())).toMatchObject({ status: 429, category: 'rate-limited', retryable: true, retryAfterMs: 7000 });
  });

  test('429 honours Retry-After as an HTTP date', async () => {
    fault({ kind: 'status', status: 429, headers: { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() } });
    const err = await fail(read());
    expect(err.retryAfterMs).toBeGreaterThan(55_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  test.each([502, 503, 504])('%i is unavailable and retryable', async (status) => {
    fault({ kind: 'status', status });
    expect(await fail(read())).toMatchObject({ status, category: 'unavailable', retryable: true });
  });

  test('500 on a read is retryable', async () => {
    fault({ kind: 'status', status: 500 });
    const err = await fail(read());
    expect(err).toMatchObject({ status: 500, category: 'server', retryable: true });
    expect(err.correlationId).toBeDefined();
  });

  test('408 is a retryable timeout', async () => {
    fault({ kind: 'status', status: 408 });
    expect(await fail(read())).toMatchObject({ status: 408, category: 'timeout', retryable: true });
  });

  test('a connection reset is a retryable network error', async () => {
    fault({ kind: 'reset' });
    const err = await fail(read());
    expect(err).toMatchObject({ category: 'network', retryable: true });
    expect(err.outcomeUnknown).toBeUndefined();
  });

  test('a hung server becomes a timeout after timeoutMs', async () => {
    fault({ kind: 'hang', hangMs: 3_000 });
    const started = Date.now();
    const err = await fail(read());
    expect(err).toMatchObject({ category: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('connection refused is a retryable network error', async () => {
    const closed = await startEpicorSimulator();
    await closed.close();
    const c = createEpicorClient(simConfig(closed.baseUrl));
    try {
      expect(await fail(c.query('Erp.BO.PartSvc', 'Parts'))).toMatchObject({ category: 'network', retryable: true, code: 'ECONNREFUSED' });
    } finally {
      await c.close();
    }
  });
});

describe('writes with an unknown outcome', () => {
  test('500 on a write is unknown-outcome and not blindly retryable', async () => {
    fault({ kind: 'status', status: 500, method: 'POST' });
    const err = await fail(write());
    expect(err).toMatchObject({ status: 500, category: 'unknown-outcome', retryable: false, outcomeUnknown: true });
  });

  test('a reset during a write is retryable but flags the outcome as unknown', async () => {
    fault({ kind: 'reset', method: 'POST' });
    expect(await fail(write())).toMatchObject({ category: 'network', retryable: true, outcomeUnknown: true });
  });

  test('a write that times out flags the outcome as unknown', async () => {
    fault({ kind: 'hang', method: 'POST', hangMs: 3_000 });
    expect(await fail(write())).toMatchObject({ category: 'timeout', retryable: true, outcomeUnknown: true });
  });
});
