import { Hono } from 'hono';
import pino from 'pino';
import { createEpicorClient, f, type EpicorClient } from '../../src/epicor';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { serve } from '../../src/sandbox/shared/serve';
import { captureServer } from './capture-server';
import { parts, simConfig } from './sim-config';

type Part = { PartNum: string; PartDescription?: string; SysRevID: string };

let running: RunningEpicorSimulator;
let client: EpicorClient;
const partGets = () => running.sim.calls.count('/Erp.BO.PartSvc/Parts', 'GET');

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

beforeAll(async () => {
  running = await startEpicorSimulator({
    pageCap: 100,
    // Above 2^53, so any Number conversion would round it.
    sysRevIdStart: 2n ** 60n,
    seed: {
      parts: [...parts(250), { partNum: "O'BRIEN-1", description: "O'Brien bracket", unitPrice: '3.00' }],
    },
  });
  client = createEpicorClient(simConfig(running.baseUrl));
});
beforeEach(() => running.sim.calls.clear());
afterAll(async () => {
  await client.close();
  await running.close();
});

describe('paging', () => {
  test('pageSize equal to the server cap pages through every row once, in key order', async () => {
    const pages = await collect(client.pages<Part>('Erp.BO.PartSvc', 'Parts', { select: ['PartNum'], pageSize: 100 }));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 51]);
    const nums = pages.flat().map((p) => p.PartNum);
    expect(new Set(nums).size).toBe(251);
    expect(nums).toEqual([...nums].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(partGets()).toBe(3); // the short third page ends it
  });

  test('a smaller pageSize pages through everything too', async () => {
    const pages = await collect(client.pages<Part>('Erp.BO.PartSvc', 'Parts', { select: ['PartNum'], pageSize: 60 }));
    expect(pages.flat()).toHaveLength(251);
    expect(pages).toHaveLength(5);
  });

  test('a pageSize above a silent server cap does not end paging at the capped page', async () => {
    const warnings: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const capped = createEpicorClient(simConfig(running.baseUrl), { logger });
    try {
      const rows = (await collect(capped.pages<Part>('Erp.BO.PartSvc', 'Parts', { select: ['PartNum'], pageSize: 500 }))).flat();
      expect(rows).toHaveLength(251);
      expect(warnings).toHaveLength(1);
    } finally {
      await capped.close();
    }
  });

  test('a result that ends exactly on a page boundary costs one empty request', async () => {
    const pages = await collect(client.pages<Part>('Erp.BO.PartSvc', 'Parts', { filter: f.startsWith('PartNum', 'P00'), select: ['PartNum'], pageSize: 33 }));
    expect(pages.flat()).toHaveLength(99);
    expect(partGets()).toBe(4);
  });

  test('no rows: no pages', async () => {
    const pages = await collect(client.pages('Erp.BO.PartSvc', 'Parts', { filter: f.eq('PartNum', 'NOPE') }));
    expect(pages).toEqual([]);
  });

  test('follows @odata.nextLink when the server sends it', async () => {
    const linked = await startEpicorSimulator({ pageCap: 100, emitNextLink: true, seed: { parts: parts(250) } });
    const c = createEpicorClient(simConfig(linked.baseUrl));
    try {
      const pages = await collect(c.pages<Part>('Erp.BO.PartSvc', 'Parts', { select: ['PartNum'], pageSize: 1000 }));
      expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
      expect(new Set(pages.flat().map((p) => p.PartNum)).size).toBe(250);
      const paths = linked.sim.calls.all().map((e) => e.path);
      expect(paths).toHaveLength(3);
    } finally {
      await c.close();
      await linked.close();
    }
  });

  test('refuses an @odata.nextLink to another origin, naming it, and sends it no credentials', async () => {
    const elsewhere = await captureServer();
    // A server (or a proxy in front of it) whose next-page links point at a host the client was not configured for.
    const gateway = await serve(
      new Hono().all('*', async (c) => {
        const res = await running.sim.app.fetch(c.req.raw);
        const body = (await res.json()) as Record<string, unknown>;
        return c.json({ ...body, '@odata.nextLink': `${elsewhere.origin}/steal?$skip=100` });
      }),
    );
    const c = createEpicorClient(simConfig(`${gateway.origin}/${running.sim.instance}`));
    try {
      await expect(collect(c.pages<Part>('Erp.BO.PartSvc', 'Parts', { select: ['PartNum'], pageSize: 100 }))).rejects.toMatchObject({
        message: expect.stringContaining(`@odata.nextLink to ${elsewhere.origin}`),
        retryable: false,
      });
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await c.close();
      await gateway.close();
      await elsewhere.close();
    }
  });

  test('a SysRevID watermark pages by SysRevID with the key as tie-breaker', async () => {
    const all = (await collect(client.pages<Part>('Erp.BO.PartSvc', 'Parts', { select: ['PartNum', 'SysRevID'], orderBy: ['SysRevID'] }))).flat();
    const watermark = BigInt(all[199].SysRevID);
    const newer = (
      await collect(client.pages<Part>('Erp.BO.PartSvc', 'Parts', { filter: f.gt('SysRevID', watermark), select: ['PartNum', 'SysRevID'], orderBy: ['SysRevID'] }))
    ).flat();
    expect(newer.map((p) => p.PartNum)).toEqual(all.slice(200).map((p) => p.PartNum));
  });
});

describe('SysRevID precision', () => {
  test('values above 2^53 arrive as exact decimal strings', async () => {
    running.sim.updatePart('P0001', { description: 'changed' });
    const [row] = await client.query<Part>('Erp.BO.PartSvc', 'Parts', { filter: f.eq('PartNum', 'P0001'), select: ['PartNum', 'SysRevID'] });
    expect(typeof row.SysRevID).toBe('string');
    expect(BigInt(row.SysRevID)).toBe(running.sim.currentSysRevIdBig());
    expect(BigInt(row.SysRevID) > 2n ** 53n).toBe(true);
  });
});

describe('literals and keys', () => {
  test("a PartNum with a quote is found by $filter (O'Brien)", async () => {
    const rows = await client.query<Part>('Erp.BO.PartSvc', 'Parts', { filter: f.eq('PartNum', "O'BRIEN-1") });
    expect(rows.map((r) => r.PartNum)).toEqual(["O'BRIEN-1"]);
  });

  test('a quote-and-or value cannot widen the filter', async () => {
    const rows = await client.query('Erp.BO.PartSvc', 'Parts', { filter: f.eq('PartNum', "x' or PartNum ne '") });
    expect(rows).toEqual([]);
  });

  test('spaces in a filter go out as %20 and match', async () => {
    const rows = await client.query<Part>('Erp.BO.PartSvc', 'Parts', { filter: f.eq('PartDescription', "O'Brien bracket") });
    expect(rows).toHaveLength(1);
  });

  test('getByKey adds the company and escapes the key', async () => {
    const row = await client.getByKey<Part>('Erp.BO.PartSvc', 'Parts', ["O'BRIEN-1"]);
    expect(row?.PartNum).toBe("O'BRIEN-1");
  });

  test('getByKey answers undefined for a missing row', async () => {
    expect(await client.getByKey('Erp.BO.PartSvc', 'Parts', ['NO-SUCH-PART'])).toBeUndefined();
  });
});

describe('writes', () => {
  test('create posts to the entity set and returns the 201 row', async () => {
    const row = await client.create<{ CustID: string; CustNum: number }>('Erp.BO.CustomerSvc', 'Customers', { CustID: 'WEB-0001', Name: 'Jane Buyer' });
    expect(row.CustID).toBe('WEB-0001');
    expect(row.CustNum).toBeGreaterThan(0);
    const back = await client.getByKey<{ CustID: string }>('Erp.BO.CustomerSvc', 'Customers', [row.CustNum]);
    expect(back?.CustID).toBe('WEB-0001');
  });
});
