import { createEpicorClient, epicorChecks, type CheckResult } from '../../src/epicor';
import { EPICOR_CHECKS } from '../../src/epicor/ping';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { parts, simConfig } from './sim-config';

let running: RunningEpicorSimulator;
const byName = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.check, r]));

beforeAll(async () => {
  running = await startEpicorSimulator({ seed: { parts: parts(2), customers: [{ custId: 'C1', name: 'One' }] } });
});
afterAll(() => running.close());

describe('epicorChecks', () => {
  test.each(['basic', 'token'] as const)('%s: every check passes against a healthy Epicor', async (auth) => {
    const results = await epicorChecks(simConfig(running.baseUrl, { auth }));
    expect(results.map((r) => r.check)).toEqual(EPICOR_CHECKS);
    expect(results.slice(0, 4).map((r) => r.check)).toEqual(['Epicor reachable', 'API key accepted', 'Credentials accepted', 'Company exists']);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    for (const r of results) expect(r).toMatchObject({ system: 'Epicor', ok: true });
  });

  test('saves nothing: no order, credit or invoice group after every probe', async () => {
    await epicorChecks(simConfig(running.baseUrl));
    const client = createEpicorClient(simConfig(running.baseUrl));
    try {
      const groups = await client.query('Erp.BO.InvcGrpSvc', 'InvcGrps');
      const rmas = await client.query('Erp.BO.RMAProcSvc', 'RMAProcs');
      expect([running.sim.orders(), running.sim.credits(), groups, rmas]).toEqual([[], [], [], []]);
    } finally {
      await client.close();
    }
  });

  test('an unreachable server fails the first check and skips the rest', async () => {
    const gone = await startEpicorSimulator();
    await gone.close();
    const results = await epicorChecks(simConfig(gone.baseUrl));
    expect(results[0]).toMatchObject({ check: 'Epicor reachable', ok: false });
    expect(results[0].reason).toMatch(/connection refused/);
    for (const r of results.slice(1)) expect(r).toMatchObject({ ok: false, reason: 'skipped: Epicor reachable failed' });
  });

  test.each(['basic', 'token'] as const)('%s: a wrong API key is named as such', async (auth) => {
    const checks = byName(await epicorChecks(simConfig(running.baseUrl, { auth, apiKey: 'not-the-key' })));
    expect(checks['Epicor reachable'].ok).toBe(true);
    expect(checks['API key accepted']).toMatchObject({ ok: false });
    expect(checks['API key accepted'].reason).toMatch(/API key was rejected/);
    expect(checks['Credentials accepted']).toMatchObject({ ok: false, reason: 'skipped: API key accepted failed' });
    expect(checks['Method SalesOrderSvc/MasterUpdate'].reason).toBe('skipped: API key accepted failed');
  });

  test.each(['basic', 'token'] as const)('%s: a wrong password is told apart from a wrong key', async (auth) => {
    const checks = byName(await epicorChecks(simConfig(running.baseUrl, { auth, password: 'nope' })));
    expect(checks['API key accepted'].ok).toBe(true);
    expect(checks['Credentials accepted']).toMatchObject({ ok: false });
    expect(checks['Credentials accepted'].reason).toMatch(/rejected: .*Invalid user name or password/);
    expect(checks['Company exists'].reason).toBe('skipped: Credentials accepted failed');
  });

  test('an unknown company fails the company check', async () => {
    const checks = byName(await epicorChecks(simConfig(running.baseUrl, { company: 'NOPE01' })));
    expect(checks['Credentials accepted'].ok).toBe(true);
    expect(checks['Company exists']).toMatchObject({ ok: false });
    expect(checks['Company exists'].reason).toContain("Company 'NOPE01' is not valid");
    expect(checks['Reads PartSvc/Parts'].reason).toBe('skipped: Company exists failed');
  });

  test('a failing read is reported on its own check only', async () => {
    running.sim.faults.add({ kind: 'status', status: 503, path: '/Customers' });
    try {
      const checks = byName(await epicorChecks(simConfig(running.baseUrl)));
      expect(checks['Reads PartSvc/Parts'].ok).toBe(true);
      expect(checks['Reads CustomerSvc/Customers']).toMatchObject({ ok: false });
      expect(checks['Reads CustomerSvc/Customers'].reason).toMatch(/HTTP 503.*run the ping again/);
      expect(checks['SysRevID filter and order on Customers'].ok).toBe(false);
      expect(Object.values(checks).filter((c) => !c.ok).map((c) => c.check)).toEqual(['Reads CustomerSvc/Customers', 'SysRevID filter and order on Customers']);
    } finally {
      running.sim.faults.clear();
    }
  });

  test('uses a given client and leaves it open', async () => {
    const client = createEpicorClient(simConfig(running.baseUrl));
    try {
      await epicorChecks(simConfig(running.baseUrl), client);
      expect(await client.query('Erp.BO.PartSvc', 'Parts')).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});
