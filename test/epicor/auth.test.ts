import { createEpicorClient, isEpicorError, type EpicorClient } from '../../src/epicor';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { parts, simConfig } from './sim-config';

/** One clock for simulator and client, so token lifetimes can pass without waiting. */
let clock = Date.parse('2025-03-04T12:00:00Z');
const now = () => clock;

let running: RunningEpicorSimulator;
const clients: EpicorClient[] = [];
const client = (overrides: Parameters<typeof simConfig>[1] = {}) => {
  const c = createEpicorClient(simConfig(running.baseUrl, overrides), { now });
  clients.push(c);
  return c;
};
const readParts = (c: EpicorClient) => c.query('Erp.BO.PartSvc', 'Parts', { select: ['PartNum'], top: 5 });
const tokenCalls = () => running.sim.calls.count('TokenResource.svc', 'POST');
const partCalls = () => running.sim.calls.count('/Erp.BO.PartSvc/Parts', 'GET');

beforeAll(async () => {
  running = await startEpicorSimulator({
    now,
    tokenLifetimeSeconds: 100,
    oauth: { clientId: 'shop-connector', clientSecret: 'oauth-client-secret-value' },
    seed: { parts: parts(3) },
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  running.sim.faults.clear();
  running.sim.calls.clear();
});
afterAll(() => running.close());

describe('basic auth', () => {
  test('sends Basic credentials and the API key on every call', async () => {
    const c = client();
    expect(await readParts(c)).toHaveLength(3);
    expect(await readParts(c)).toHaveLength(3);
    expect(tokenCalls()).toBe(0);
  });

  test('a wrong password is a permanent auth error without a retry', async () => {
    const c = client({ password: 'wrong-password' });
    const err = await readParts(c).catch((e) => e);
    expect(isEpicorError(err)).toBe(true);
    expect(err).toMatchObject({ status: 401, category: 'auth', retryable: false });
    expect(err.message).toContain('Invalid user name or password');
    expect(partCalls()).toBe(1);
  });

  test('a wrong API key says so', async () => {
    const err = await readParts(client({ apiKey: 'wrong-api-key' })).catch((e) => e);
    expect(err).toMatchObject({ category: 'auth', retryable: false });
    expect(err.message).toContain('Invalid API key');
  });
});

describe('token auth (TokenResource.svc)', () => {
  test('fetches one token and reuses it', async () => {
    const c = client({ auth: 'token' });
    await readParts(c);
    await readParts(c);
    await readParts(c);
    expect(tokenCalls()).toBe(1);
  });

  test('concurrent callers share one token request', async () => {
    const c = client({ auth: 'token' });
    const results = await Promise.all(Array.from({ length: 12 }, () => readParts(c)));
    expect(results.every((r) => r.length === 3)).toBe(true);
    expect(tokenCalls()).toBe(1);
  });

  test('renews the token before ExpiresIn runs out, without meeting a 401', async () => {
    const c = client({ auth: 'token' });
    await readParts(c);
    clock += 50_000; // half the 100 s lifetime: still fresh
    await readParts(c);
    expect(tokenCalls()).toBe(1);
    clock += 42_000; // 92 s: inside the early-renewal margin (10% = 10 s)
    await readParts(c);
    expect(tokenCalls()).toBe(2);
    expect(partCalls()).toBe(3); // no call was answered 401 and retried
  });

  test('a token revoked mid-run is replaced once and the call retried', async () => {
    const c = client({ auth: 'token' });
    await readParts(c);
    running.sim.expireTokens();
    expect(await readParts(c)).toHaveLength(3);
    expect(tokenCalls()).toBe(2);
    expect(partCalls()).toBe(3); // 1 + (401 + retry)
  });

  test('many callers hitting a revoked token trigger a single re-authentication', async () => {
    const c = client({ auth: 'token' });
    await readParts(c);
    running.sim.expireTokens();
    await Promise.all(Array.from({ length: 8 }, () => readParts(c)));
    expect(tokenCalls()).toBe(2);
  });

  test('a 401 that survives re-authentication is a permanent auth error', async () => {
    const c = client({ auth: 'token' });
    running.sim.faults.add({ kind: 'status', status: 401, path: '/Erp.BO.PartSvc/Parts', times: 2 });
    const err = await readParts(c).catch((e) => e);
    expect(err).toMatchObject({ status: 401, category: 'auth', retryable: false });
    expect(tokenCalls()).toBe(2);
    expect(partCalls()).toBe(2);
  });

  test('wrong credentials at TokenResource.svc are a permanent auth error', async () => {
    const err = await readParts(client({ auth: 'token', password: 'wrong-password' })).catch((e) => e);
    expect(err).toMatchObject({ category: 'auth', retryable: false, status: 401 });
    expect(err.message).toContain('Invalid user name or password');
    expect(partCalls()).toBe(0);
  });

  test('a real wall-clock expiry (2 s token) is survived', async () => {
    const short = await startEpicorSimulator({ tokenLifetimeSeconds: 2, seed: { parts: parts(2) } });
    const c = createEpicorClient(simConfig(short.baseUrl, { auth: 'token' }));
    try {
      expect(await readParts(c)).toHaveLength(2);
      await new Promise((r) => setTimeout(r, 2_100));
      expect(await readParts(c)).toHaveLength(2);
      expect(short.sim.calls.count('TokenResource.svc', 'POST')).toBe(2);
    } finally {
      await c.close();
      await short.close();
    }
  });
});

describe('oauth2 client credentials', () => {
  const oauth = () => ({ tokenUrl: `${running.origin}/oauth/connect/token`, clientId: 'shop-connector', clientSecret: 'oauth-client-secret-value', scope: 'epicor_erp' });

  test('gets a bearer token from the token URL and caches it', async () => {
    const c = client({ auth: 'oauth2', oauth: oauth(), username: undefined, password: undefined });
    await readParts(c);
    await readParts(c);
    expect(running.sim.calls.count('/oauth/connect/token', 'POST')).toBe(1);
  });

  test('a wrong client secret is a permanent auth error', async () => {
    const c = client({ auth: 'oauth2', oauth: { ...oauth(), clientSecret: 'wrong-secret' } });
    const err = await readParts(c).catch((e) => e);
    expect(err).toMatchObject({ category: 'auth', retryable: false });
    expect(err.message).toContain('invalid_client');
  });

  test('an expired OAuth token is replaced once', async () => {
    const c = client({ auth: 'oauth2', oauth: oauth() });
    await readParts(c);
    running.sim.expireTokens();
    await readParts(c);
    expect(running.sim.calls.count('/oauth/connect/token', 'POST')).toBe(2);
  });
});
