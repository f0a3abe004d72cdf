import { ENTITY_KEYS } from '../../src/epicor/client';
import { METHOD_TOUCH_POINTS, SET_TOUCH_POINTS, TABLE_SETS, filterColumns, unregistered } from '../../src/epicor/touch-points';
import { f } from '../../src/epicor/odata';
import { kinetic } from '../../src/sandbox/epicor/kinetic';

/** The real Kinetic schema (src/sandbox/epicor/kinetic-schema.json): every name the connector sends must be in it. */
const serviceOf = (name: string) => kinetic.services[name];
const setOf = (service: string, set: string) => serviceOf(service)?.sets[set];
const columnsOf = (service: string, set: string) => kinetic.rows[setOf(service, set)?.row ?? ''] ?? {};
const missing = (service: string, set: string, columns: string[]) => columns.filter((c) => !(c in columnsOf(service, set)));

describe('Epicor touch points against the real Kinetic schema', () => {
  it.each(SET_TOUCH_POINTS.map((t) => [`${t.service}/${t.set}`, t] as const))('%s: the entity set and every column exist', (_name, t) => {
    expect(setOf(t.service, t.set)).toBeDefined();
    expect({
      select: missing(t.service, t.set, t.select),
      filter: missing(t.service, t.set, Object.keys(t.filter)),
      orderBy: missing(t.service, t.set, t.orderBy),
      create: missing(t.service, t.set, t.create ?? []),
    }).toEqual({ select: [], filter: [], orderBy: [], create: [] });
    // The ping builds filter literals from these types: a wrong one would probe the wrong thing.
    const types = Object.fromEntries(Object.keys(t.filter).map((c) => [c, columnsOf(t.service, t.set)[c]]));
    expect(types).toEqual(t.filter);
  });

  it.each(METHOD_TOUCH_POINTS.map((t) => [`${t.service}/${t.method}`, t] as const))('%s: the method exists and gets exactly its parameters, in order', (_name, t) => {
    const spec = serviceOf(t.service)?.methods[t.method];
    expect(spec).toBeDefined();
    expect(Object.entries(t.params)).toEqual(spec!.params.filter((p) => p[2] !== false).map((p) => [p[0], p[1]]));
    expect(t.verb).toBe(spec!.get ? 'GET' : 'POST');
    for (const [table, columns] of Object.entries(t.writes ?? {})) {
      expect([table, serviceOf(t.service).tableset.includes(table)]).toEqual([table, true]);
      expect([table, columns.filter((c) => !(c in kinetic.rows[table]))]).toEqual([table, []]);
    }
  });

  it('reads written tableset columns back through the entity set whose rows they are', () => {
    for (const [table, { service, set }] of Object.entries(TABLE_SETS)) expect([table, setOf(service, set)?.row]).toEqual([table, table]);
  });

  it("pages every registered set in its real key order (the pager's tie-breakers)", () => {
    for (const t of SET_TOUCH_POINTS) {
      const keys = ENTITY_KEYS[t.set];
      if (!keys) continue;
      if (t.set === 'PartWhses') expect(t.orderBy).toEqual(expect.arrayContaining(keys));
      expect([t.set, keys]).toEqual([t.set, setOf(t.service, t.set)!.keys.filter((k) => k !== 'Company')]);
    }
  });

  it('names none of the calls the real schema refused', () => {
    const names = JSON.stringify([SET_TOUCH_POINTS, METHOD_TOUCH_POINTS]);
    const customers = SET_TOUCH_POINTS.find((t) => t.set === 'Customers')!;
    expect([...customers.select, ...Object.keys(customers.filter), ...(customers.create ?? [])]).not.toContain('BTCustNum');
    for (const wrong of ['InvcHeads', 'ChangedBy', 'WebOrder', '"ChangePartNum"', 'lSubstitutePartsExist', '"OrderRels"']) {
      expect([wrong, names.includes(wrong)]).toEqual([wrong, false]);
    }
    expect(SET_TOUCH_POINTS.find((t) => t.set === 'RMAProcs')!.create).not.toContain('OrderNum');
  });
});

describe('the client refuses calls that are not registered', () => {
  it('accepts registered queries, creates and method calls', () => {
    expect(unregistered({ kind: 'query', service: 'Erp.BO.PartSvc', set: 'Parts', select: ['PartNum', 'SysRevID'], filter: f.gt('SysRevID', 5n), orderBy: ['SysRevID desc'] })).toBeUndefined();
    expect(unregistered({ kind: 'method', service: 'Erp.BO.SalesOrderSvc', method: 'CloseOrder', params: ['iOrderNum'] })).toBeUndefined();
  });

  it('names an unknown entity set, column, filter column, create column and parameter', () => {
    expect(unregistered({ kind: 'query', service: 'Erp.BO.ARInvoiceSvc', set: 'InvcHeads' })).toMatch(/InvcHeads is not in src\/epicor\/touch-points\.ts/);
    expect(unregistered({ kind: 'query', service: 'Erp.BO.PartSvc', set: 'Parts', select: ['ChangedBy'] })).toMatch(/uses ChangedBy/);
    expect(unregistered({ kind: 'query', service: 'Erp.BO.CustomerSvc', set: 'Customers', filter: f.eq('BTCustNum', 1) })).toMatch(/uses BTCustNum/);
    expect(unregistered({ kind: 'create', service: 'Erp.BO.RMAProcSvc', set: 'RMAProcs', body: { RMANum: 0, OrderNum: 5 } })).toMatch(/create uses OrderNum/);
    expect(unregistered({ kind: 'method', service: 'Erp.BO.SalesOrderSvc', method: 'CloseOrder', params: ['orderNum'] })).toMatch(/lists iOrderNum/);
    expect(unregistered({ kind: 'method', service: 'Erp.BO.SalesOrderSvc', method: 'ChangePartNum', params: ['ds'] })).toMatch(/not in/);
  });

  it('reads column names from a filter but never from its string literals', () => {
    expect(filterColumns(f.and(f.eq('PONum', "x eq y and Foo gt 1"), f.gt('SysRevID', 3n), f.startsWith('CustID', 'A')))).toEqual(['PONum', 'SysRevID', 'CustID']);
  });
});
