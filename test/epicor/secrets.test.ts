import { inspect } from 'node:util';
import pino from 'pino';
import type { EpicorConfig } from '../../src/config';
import { createEpicorClient, type EpicorClient } from '../../src/epicor';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { captureServer } from './capture-server';
import { parts, simConfig } from './sim-config';

const API_KEY = 'key-SECRET-1234';
const PASSWORD = 'Pa55-word-SECRET';
const WRONG_PASSWORD = 'Wrong-PW-SECRET';
const WRONG_KEY = 'wrong-key-SECRET';
const CLIENT_SECRET = 'oauth-SECRET-5678';
const ISSUED_TOKEN = 'tok-SECRET-9999';
const SECRETS = [API_KEY, PASSWORD, WRONG_PASSWORD, WRONG_KEY, CLIENT_SECRET, ISSUED_TOKEN, 'SECRET'];

/** Everything a log line, a Temporal failure or a console would show of a thrown value. */
function exposed(err: unknown): string {
  return [JSON.stringify(err), inspect(err, { depth: Infinity, showHidden: true }), String(err), (err as Error)?.stack].join('\n');
}
function expectNoSecret(text: string, extra: string[] = []) {
  for (const secret of [...SECRETS, ...extra]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT
  expect(text).not.toMatch(/(Basic|Bearer) (?!\[redacted\])\S{8,}/);
}

let running: RunningEpicorSimulator;
const logLines: string[] = [];
const logger = pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) });
const basicB64 = (user: string, pw: string) => Buffer.from(`${user}:${pw}`).toString('base64');

beforeAll(async () => {
  running = await startEpicorSimulator({
    apiKey: API_KEY,
    users: [{ username: 'svc-user', password: PASSWORD }],
    oauth: { clientId: 'svc-client', clientSecret: CLIENT_SECRET },
    seed: { parts: parts(2) },
  });
});
afterEach(() => running.sim.faults.clear());
afterAll(() => running.close());

const modes: Record<string, Partial<EpicorConfig>> = {
  basic: { auth: 'basic' },
  token: { auth: 'token' },
  oauth2: { auth: 'oauth2' },
};

async function errorsFrom(config: Partial<EpicorConfig>): Promise<unknown[]> {
  const base = () =>
    simConfig(running.baseUrl, {
      apiKey: API_KEY,
      username: 'svc-user',
      password: PASSWORD,
      timeoutMs: 300,
      oauth: { tokenUrl: `${running.origin}/oauth/connect/token`, clientId: 'svc-client', clientSecret: CLIENT_SECRET, scope: 'epicor_erp' },
      ...config,
    });
  const errors: unknown[] = [];
  const attempt = async (overrides: Partial<EpicorConfig>, prepare?: () => void, op = (c: EpicorClient) => c.query('Erp.BO.PartSvc', 'Parts')) => {
    const c = createEpicorClient({ ...base(), ...overrides }, { logger });
    try {
      await c.query('Erp.BO.PartSvc', 'Parts').catch(() => undefined); // warm up: a token is in the cache
      prepare?.();
      await op(c).then(
        () => errors.push(new Error('expected a failure')),
        (e) => errors.push(e),
      );
    } finally {
      running.sim.faults.clear();
      await c.close();
    }
  };
  await attempt({ password: WRONG_PASSWORD, oauth: { ...base().oauth!, clientSecret: WRONG_PASSWORD } });
  await attempt({ apiKey: WRONG_KEY });
  await attempt({}, () => running.sim.faults.add({ kind: 'status', status: 401, path: '/Parts', times: 2 }));
  await attempt({}, () => running.sim.faults.add({ kind: 'status', status: 500, times: 1 }));
  await attempt({}, () => running.sim.faults.add({ kind: 'status', status: 429, times: 1 }));
  await attempt({}, () => running.sim.faults.add({ kind: 'reset', times: 1 }));
  await attempt({}, () => running.sim.faults.add({ kind: 'hang', hangMs: 1_000, times: 1 }));
  await attempt({}, undefined, (c) => c.create('Erp.BO.CustomerSvc', 'Customers', { CustID: '', Name: '' }));
  return errors;
}

describe('no secret ever leaves in an error or log line', () => {
  test.each(Object.keys(modes))('%s mode: every failure serialises without a secret', async (mode) => {
    const errors = await errorsFrom(modes[mode]);
    expect(errors).toHaveLength(8);
    for (const err of errors) {
      expect((err as Error).name).toBe('EpicorError');
      expectNoSecret(exposed(err), [basicB64('svc-user', PASSWORD), basicB64('svc-user', WRONG_PASSWORD)]);
    }
    expectNoSecret(logLines.join('\n'));
  });

  test('a server that echoes the request headers back has them scrubbed', async () => {
    const server = await captureServer();
    server.answer((req) =>
      req.url.includes('TokenResource')
        ? { status: 200, body: JSON.stringify({ AccessToken: ISSUED_TOKEN, ExpiresIn: 3600, TokenType: 'Bearer' }) }
        : { status: 400, body: JSON.stringify({ ErrorMessage: `Bad request, headers were ${JSON.stringify(req.headers)}`, ErrorType: 'Ice.BLException' }) },
    );
    const errors: unknown[] = [];
    for (const auth of ['basic', 'token'] as const) {
      const c = createEpicorClient(simConfig(`${server.origin}/Kinetic`, { auth, apiKey: API_KEY, password: PASSWORD }), { logger });
      await c.query('Erp.BO.PartSvc', 'Parts').catch((e) => errors.push(e));
      await c.close();
    }
    await server.close();
    expect(errors).toHaveLength(2);
    for (const err of errors) {
      expect(exposed(err)).toContain('[redacted]');
      expectNoSecret(exposed(err), [basicB64('manager', PASSWORD)]);
    }
  });
});
