import { createEpicorClient } from '../../src/epicor';
import { TOUCH_POINT_CHECKS, touchPointChecks } from '../../src/epicor/ping-touch-points';
import { startEpicorSimulator } from '../../src/sandbox/epicor';
import { captureServer } from './capture-server';
import { parts, simConfig } from './sim-config';

const byName = (results: { check: string; ok: boolean; reason: string }[]) => Object.fromEntries(results.map((r) => [r.check, r]));

describe('npm run ping: read-only probes of every Epicor touch point', () => {
  it('passes every probe on the strict simulator, one line per touch point', async () => {
    const running = await startEpicorSimulator({ seed: { parts: parts(3), customers: [{ custId: 'C1', name: 'One' }] } });
    const client = createEpicorClient(simConfig(running.baseUrl));
    try {
      const results = await touchPointChecks(client, 100);
      expect(results.map((r) => r.check)).toEqual(TOUCH_POINT_CHECKS);
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const checks = byName(results);
      expect(checks['Method SalesOrderSvc/ChangePartNumMaster'].reason).toBe('exists and takes the 13 parameters the connector sends (probe left out ds; nothing saved)');
      expect(checks['SysRevID filter and order on Parts'].reason).toMatch(/a filter after it returned 0 rows; 3 rows came back in order$/);
      expect(checks['Page size within the server cap'].reason).toMatch(/^only 3 parts exist/);
    } finally {
      await client.close();
      await running.close();
    }
  });

  it('names the page cap and the EPICOR_PAGE_SIZE to set when the server returns fewer rows than asked while more exist', async () => {
    const running = await startEpicorSimulator({ seed: { parts: parts(7) }, pageCap: 5 });
    const client = createEpicorClient(simConfig(running.baseUrl));
    try {
      const cap = byName(await touchPointChecks(client, 6))['Page size within the server cap'];
      expect(cap).toEqual({
        check: 'Page size within the server cap',
        ok: false,
        reason: 'Epicor returned 5 parts for $top=6 although more exist: it caps pages at 5; set EPICOR_PAGE_SIZE=5 or lower',
      });
    } finally {
      await client.close();
      await running.close();
    }
  });

  it('fails a set whose column the server does not know, an ignored SysRevID filter, and a method wanting another parameter', async () => {
    const server = await captureServer();
    server.answer((req) => {
      const url = decodeURIComponent(req.url);
      if (url.includes('/Customers?')) return { status: 400, body: JSON.stringify({ HttpStatus: 400, ErrorMessage: "Could not find a property named 'EMailAddress' on type 'Erp.Tablesets.CustomerRow'." }) };
      // A server that ignores $filter: the newest row comes back again after "SysRevID gt <newest>".
      if (url.includes('/Parts?') && url.includes('SysRevID')) return { status: 200, body: '{"value":[{"SysRevID":9}]}' };
      if (url.endsWith('/CloseOrder')) return { status: 200, body: '{"parameters":{}}' };
      if (url.endsWith('/MasterUpdate')) return { status: 400, body: JSON.stringify({ HttpStatus: 400, ErrorMessage: 'Parameter lweLicensedX is not found in the input object' }) };
      return { status: 200, body: '{"value":[]}' };
    });
    const client = createEpicorClient(simConfig(`${server.origin}/Kinetic`));
    try {
      const checks = byName(await touchPointChecks(client, 100));
      expect(checks['Reads CustomerSvc/Customers'].ok).toBe(false);
      expect(checks['Reads CustomerSvc/Customers'].reason).toMatch(/Could not find a property named 'EMailAddress'.*Epicor does not know a name the connector uses: report this line/);
      expect(checks['SysRevID filter and order on Parts']).toMatchObject({ ok: false, reason: expect.stringMatching(/^\$filter=SysRevID gt 9 returned older rows: Epicor ignored the filter/) });
      expect(checks['Method SalesOrderSvc/MasterUpdate']).toMatchObject({ ok: false, reason: expect.stringMatching(/^Epicor wants parameter lweLicensedX, which the connector does not send/) });
      expect(checks['Method SalesOrderSvc/CloseOrder']).toMatchObject({ ok: false, reason: expect.stringMatching(/^answered without parameter iOrderNum/) });
      // The probes never send a complete call: every method request lacks its last parameter.
      const closeOrder = server.requests.find((r) => r.url.endsWith('/CloseOrder'))!;
      expect(JSON.parse(closeOrder.body)).toEqual({});
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('tells a missing or forbidden method apart from a name the server does not know', async () => {
    const running = await startEpicorSimulator({ seed: { parts: parts(1) } });
    running.sim.faults.add({ kind: 'status', status: 404, path: '/RMACreditAdd' });
    const client = createEpicorClient(simConfig(running.baseUrl));
    try {
      const check = byName(await touchPointChecks(client, 100))['Method RMAProcSvc/RMACreditAdd'];
      expect(check.ok).toBe(false);
      expect(check.reason).toMatch(/HTTP 404.*Erp\.BO\.RMAProcSvc\/RMACreditAdd is missing on this Epicor or hidden from the integration user/);
    } finally {
      await client.close();
      await running.close();
    }
  });
});
