import { createEpicorSimulator, demoCatalog } from '../../../src/sandbox/epicor';
import { call, getJson, makeSim, postJson, q } from './helpers';

const admin = (sim: ReturnType<typeof makeSim>, path: string, method = 'GET', body?: unknown) =>
  sim.app.request(`/_admin${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('Epicor simulator: admin API and in-process control', () => {
  it('bumps SysRevID and ChangedOn when a part is edited (PATCH /_admin/parts/:partNum), like a user in Epicor', async () => {
    let now = Date.parse('2025-03-04T10:00:00Z');
    const sim = makeSim({ now: () => now });
    const mark = sim.currentSysRevId();
    now += 60_000;
    const res = await admin(sim, '/parts/WIDGET-200', 'PATCH', { unitPrice: '21.00' });
    expect(res.status).toBe(200);
    const { body, text } = await getJson(sim, `Erp.BO.PartSvc/Parts?$filter=${q(`SysRevID gt ${mark}`)}`);
    expect(body.value.map((p: any) => [p.PartNum, p.ChangedOn])).toEqual([['WIDGET-200', '2025-03-04T10:01:00.000']]);
    expect(text).toContain('"UnitPrice":21.00');
    expect(sim.currentSysRevId()).toBe(body.value[0].SysRevID);
  });

  it('shares one SysRevID counter across tables, and a stock change moves only the PartWhse row', async () => {
    const sim = makeSim();
    const part = sim.part('WIDGET-100')!;
    const whse = sim.setStock('WIDGET-100', 'MAIN', 7);
    expect(Number(whse.SysRevID)).toBe(sim.currentSysRevId());
    expect(sim.part('WIDGET-100')!.SysRevID).toBe(part.SysRevID);
    const cust = sim.updateCustomer(sim.customer('ACME')!.CustNum as number, { name: 'Acme Corporation' });
    expect(Number(cust.SysRevID)).toBe(Number(whse.SysRevID) + 1);
    const stock = await getJson(sim, `Erp.BO.PartSvc/PartWhses('EPIC06','WIDGET-100','MfgSys','MAIN')`);
    expect(stock.body.OnHandQty).toBe(7);
  });

  it('upserts with POST /_admin/seed and empties with POST /_admin/reset (re-applying the constructor seed)', async () => {
    const sim = makeSim();
    expect((await admin(sim, '/seed', 'POST', { parts: [{ partNum: 'NEW-1', description: 'New', unitPrice: '1.00' }, { partNum: 'WIDGET-100', description: 'Renamed', unitPrice: '12.50' }] })).status).toBe(200);
    expect(sim.part('NEW-1')).toBeDefined();
    expect(sim.part('WIDGET-100')!.PartDescription).toBe('Renamed');
    await postJson(sim, 'Erp.BO.SalesOrderSvc/SalesOrders', { OrderNum: 0, CustNum: sim.customer('ACME')!.CustNum, PONum: 'A' });
    expect((await admin(sim, '/reset', 'POST')).status).toBe(200);
    expect(sim.part('NEW-1')).toBeUndefined();
    expect(sim.part('WIDGET-100')!.PartDescription).toBe('Widget, steel, 100mm');
    expect(sim.orders()).toEqual([]);
  });

  it('keeps SysRevID increasing across a reset (it is a rowversion)', async () => {
    const sim = makeSim();
    const before = sim.currentSysRevId();
    sim.reset();
    expect(sim.currentSysRevId()).toBeGreaterThan(before);
  });

  it('lists orders with lines (GET /_admin/orders) and credits (GET /_admin/credits)', async () => {
    const sim = makeSim();
    const head = await postJson(sim, 'Erp.BO.SalesOrderSvc/SalesOrders', { OrderNum: 0, CustNum: sim.customer('ACME')!.CustNum, PONum: 'A-1' });
    await postJson(sim, 'Erp.BO.SalesOrderSvc/OrderDtls', { OrderNum: head.body.OrderNum, PartNum: 'WIDGET-100', SellingQuantity: 1 });
    const orders: any = await (await admin(sim, '/orders')).json();
    expect(orders).toEqual([expect.objectContaining({ PONum: 'A-1', DocOrderAmt: '12.50', lines: [expect.objectContaining({ PartNum: 'WIDGET-100', DocUnitPrice: '12.50' })], miscCharges: [] })]);
    expect(await (await admin(sim, '/credits')).json()).toEqual([]);
  });

  it('counts calls by path and method (GET /_admin/calls) without counting admin calls', async () => {
    const sim = makeSim();
    await call(sim, 'Erp.BO.PartSvc/Parts');
    await call(sim, 'Erp.BO.PartSvc/Parts');
    await postJson(sim, 'Erp.BO.SalesOrderSvc/GetNewOrderHed', { ds: {} });
    const count = async (query: string) => ((await (await admin(sim, `/calls${query}`)).json()) as any).count;
    expect(await count('?path=/Parts&method=GET')).toBe(2);
    expect(await count('?path=GetNewOrderHed&method=POST')).toBe(1);
    expect(await count('')).toBe(3);
    expect(sim.calls.count('/Parts', 'GET')).toBe(2);
  });

  it('is not reachable under the instance path, and the Epicor API is not reachable under /_admin', async () => {
    const sim = makeSim();
    expect((await call(sim, '/Kinetic/_admin/orders')).status).toBe(404);
    expect((await admin(sim, '/api/v2/odata/EPIC06/Erp.BO.PartSvc/Parts')).status).toBe(404);
  });
});

describe('demoCatalog', () => {
  it('builds the requested number of plausible parts and customers', () => {
    const demo = demoCatalog({ parts: 60, customers: 12 });
    expect(demo.parts).toHaveLength(60);
    expect(demo.customers).toHaveLength(12);
    expect(new Set(demo.parts.map((p) => p.partNum)).size).toBe(60);
    for (const p of demo.parts) expect(p.unitPrice).toMatch(/^\d+\.\d{2}$/);
    expect(demo.parts.some((p) => p.inActive)).toBe(true);
    expect(demo.parts.filter((p) => p.webPart).length).toBeGreaterThan(40);
    expect(demo.warehouses).toHaveLength(120);
    expect(new Set(demo.warehouses.map((w) => w.warehouseCode))).toEqual(new Set(['MAIN', 'EAST']));
    expect(demo.customers.filter((c) => c.creditHold)).toHaveLength(1);
    expect(demo.customers.map((c) => c.custId)).toContain('WEBGUEST');
    for (const c of demo.customers) expect(c.email).toMatch(/@/);
  });

  it('is deterministic and seeds a simulator', async () => {
    expect(demoCatalog()).toEqual(demoCatalog());
    const sim = createEpicorSimulator({ seed: demoCatalog({ parts: 150 }) });
    const { body } = await getJson(sim, 'Erp.BO.PartSvc/Parts?$count=true');
    expect(body['@odata.count']).toBe(150);
    expect(body.value).toHaveLength(100);
  });
});
