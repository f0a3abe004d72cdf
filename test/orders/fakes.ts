import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EpicorError } from '../../src/epicor/errors';
import { WooError } from '../../src/woocommerce/errors';

/**
 * In-memory stand-ins with the client contracts (EpicorClient, WooClient) for workflow tests that must
 * control exactly where a write fails. Filters are the `f` builder's output (`(A eq 1) and (B eq 'x')`).
 */
type Row = Record<string, unknown>;
const fixtures = process.env.WOO_FIXTURES_DIR ?? path.resolve(__dirname, '../../../shared/fixtures/woocommerce');

function matches(row: Row, filter?: string): boolean {
  if (!filter) return true;
  return filter.split(' and ').every((term) => {
    const m = /^\(?(\w+) eq (?:'((?:[^']|'')*)'|(-?[\d.]+)|(true|false))\)?$/.exec(term.trim());
    if (!m) throw new Error(`fake cannot evaluate ${term}`);
    const want = m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3] !== undefined ? Number(m[3]) : m[4] === 'true';
    return row[m[1]] === want;
  });
}

export class FakeEpicor {
  tables: Record<string, Row[]> = { Parts: [], Customers: [], SalesOrders: [], OrderDtls: [], OHOrderMscs: [], RMAProcs: [], RMADtls: [], InvcDtls: [] };
  calls: string[] = [];
  /** method -> errors to throw on the next calls (after doing the work when `afterCommit`). */
  faults: { method: string; error: EpicorError; afterCommit?: boolean; times: number }[] = [];
  private next = { order: 5000, rma: 100, invoice: 9000 };

  constructor(parts: string[], customers: Row[]) {
    this.tables.Parts = parts.map((PartNum) => ({ PartNum }));
    this.tables.Customers = customers;
  }

  orders = (): (Row & { lines: Row[] })[] =>
    this.tables.SalesOrders.map((h) => ({ ...h, lines: this.tables.OrderDtls.filter((d) => d.OrderNum === h.OrderNum) }));

  private fault(method: string, commit: boolean) {
    const f = this.faults.find((x) => x.method === method && x.times > 0 && !!x.afterCommit === commit);
    if (f) {
      f.times--;
      throw f.error;
    }
  }

  client = {
    query: async (_svc: string, set: string, q: { filter?: string } = {}) => (this.tables[set] ?? []).filter((r) => matches(r, q.filter)).map((r) => ({ ...r })),
    create: async (_svc: string, set: string, row: Row) => {
      this.calls.push(`create ${set}`);
      const r = { ...row };
      if (set === 'RMAProcs') r.RMANum = ++this.next.rma;
      this.tables[set].push(r);
      return { ...r };
    },
    callGet: async (_svc: string, method: string, params: Row) => {
      this.calls.push(method);
      const hed = this.tables.SalesOrders.find((h) => h.OrderNum === params.orderNum);
      return { returnObj: { OrderHed: hed ? [{ ...hed, RowMod: '' }] : [], OrderDtl: [], OHOrderMsc: [] } };
    },
    call: async (_svc: string, method: string, body: any) => {
      this.calls.push(method);
      this.fault(method, false);
      const ds = body.ds;
      const out = (d: unknown) => ({ parameters: { ds: d } as any });
      switch (method) {
        case 'GetNewOrderHed':
          return out({ OrderHed: [{ OrderNum: 0, RowMod: 'A' }] });
        case 'ChangeOrderHedCustomerCustID': {
          const c = this.tables.Customers.find((x) => x.CustID === body.proposedCustomerCustID);
          if (!c) throw new EpicorError('unknown customer', { category: 'business', retryable: false, status: 400 });
          ds.OrderHed[0].CustNum = c.CustNum;
          return out(ds);
        }
        case 'GetNewOrderDtl':
          ds.OrderDtl = [...(ds.OrderDtl ?? []), { OrderNum: body.orderNum, RowMod: 'A' }];
          return out(ds);
        case 'GetNewOHOrderMsc':
          ds.OHOrderMsc = [...(ds.OHOrderMsc ?? []), { OrderNum: body.orderNum, RowMod: 'A' }];
          return out(ds);
        case 'ChangePartNum': {
          const dtl = ds.OrderDtl.find((d: Row) => d.RowMod === 'A');
          if (!this.tables.Parts.some((p) => p.PartNum === dtl.PartNum)) throw new EpicorError('Part not found', { category: 'business', retryable: false, status: 400 });
          return out(ds);
        }
        case 'ChangeSellingQuantity':
          ds.OrderDtl.find((d: Row) => d.RowMod === 'A').SellingQuantity = body.ipSellingQuantity;
          return out(ds);
        case 'MasterUpdate': {
          if (body.cTableName === 'OrderHed') {
            const h = ds.OrderHed[0];
            if (h.RowMod === 'A') {
              const row = { OrderNum: ++this.next.order, CustNum: h.CustNum, PONum: h.PONum, OrderHeld: false, OpenOrder: true };
              this.tables.SalesOrders.push(row);
              h.OrderNum = row.OrderNum;
            } else Object.assign(this.tables.SalesOrders.find((x) => x.OrderNum === body.iOrderNum)!, { OrderHeld: h.OrderHeld });
          } else if (body.cTableName === 'OrderDtl') {
            const d = ds.OrderDtl.find((x: Row) => x.RowMod === 'A');
            d.OrderLine = this.tables.OrderDtls.filter((x) => x.OrderNum === body.iOrderNum).length + 1;
            this.tables.OrderDtls.push({ OrderNum: body.iOrderNum, OrderLine: d.OrderLine, PartNum: d.PartNum, Reference: d.Reference, SellingQuantity: d.SellingQuantity, DocUnitPrice: d.DocUnitPrice });
          } else {
            const m = ds.OHOrderMsc.find((x: Row) => x.RowMod === 'A');
            this.tables.OHOrderMscs.push({ OrderNum: body.iOrderNum, MiscCode: m.MiscCode, Description: m.Description, DocMiscAmt: m.DocMiscAmt });
          }
          this.fault(method, true);
          return out(ds);
        }
        case 'RMACreditAdd': {
          const invoice = ++this.next.invoice;
          this.tables.InvcDtls.push({ InvoiceNum: invoice, RMANum: body.iRMANum, RMALine: body.iRMALine });
          return { parameters: { iInvoiceNum: invoice } as any };
        }
        case 'CloseOrder':
          Object.assign(this.tables.SalesOrders.find((x) => x.OrderNum === body.orderNum)!, { OpenOrder: false });
          return out(undefined);
      }
      throw new Error(`fake has no ${method}`);
    },
  };
}

export class FakeWoo {
  orders = new Map<number, any>();
  refunds = new Map<number, any>();

  /** The captured order 13 (two lines, flat-rate shipping), renumbered so tests never share ids. */
  addCapturedOrder(id: number, patch: Record<string, unknown> = {}) {
    const order = JSON.parse(readFileSync(path.join(fixtures, 'rest_order_create_201.json'), 'utf8'));
    Object.assign(order, { id, number: String(id), refunds: [] }, patch);
    this.orders.set(id, order);
    return order;
  }

  addCapturedRefund(orderId: number, refundId: number) {
    const refund = JSON.parse(readFileSync(path.join(fixtures, 'rest_order_refund_create_201.json'), 'utf8'));
    refund.id = refundId;
    this.refunds.set(refundId, refund);
    const order = this.orders.get(orderId);
    order.refunds.push({ id: refundId, reason: '', total: `-${refund.amount}` });
    order.date_modified_gmt = '2099-01-01T00:00:00';
  }

  client = {
    getOrder: async (id: number) => {
      const o = this.orders.get(id);
      if (!o) throw new WooError({ message: 'not found', category: 'not-found', retryable: false, status: 404 });
      return structuredClone(o);
    },
    getRefund: async (_orderId: number, refundId: number) => structuredClone(this.refunds.get(refundId)),
    ordersModified: async function* (this: FakeWoo, w: { after: Date }) {
      const after = w.after.toISOString().slice(0, 19);
      yield [...this.orders.values()].filter((o) => o.date_modified_gmt > after).map((o) => structuredClone(o));
    }.bind(this),
  };
}
