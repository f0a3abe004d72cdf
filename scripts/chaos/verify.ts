import type { SimCredit, SimOrder } from '../../src/sandbox/epicor';

/** What the store ended up with, as the chaos run's shopper left it. */
export interface WooOrderView {
  id: number;
  number: string;
  total: string;
  lines: { sku: string; quantity: number }[];
  refunds: { id: number; amount: string }[];
  /** Placed with a SKU Epicor does not know: the one true reason to park in this run. */
  poison: boolean;
}

export interface OrderWorkflowView {
  wooOrderId: number;
  parkedReason?: string;
}

export interface ChaosVerdict {
  wooOrders: number;
  expectedInEpicor: number;
  epicorOrders: number;
  duplicates: number;
  missing: number;
  lineMismatches: number;
  amountMismatches: number;
  refunds: number;
  credits: number;
  missingCredits: number;
  creditsTwice: number;
  creditAmountMismatches: number;
  parked: number;
  parkedWithTrueReason: number;
  parkedWithoutTrueReason: number;
  /** Poison orders that did not park (an import that should have needed a person). */
  poisonNotParked: number;
  examples: string[];
}

const cents = (v: string | number) => Math.round(Number(v) * 100);
const refundIds = (c: SimCredit) => [...new Set([...JSON.stringify(c).matchAll(/woo-refund:(\d+)/g)].map((m) => Number(m[1])))];
const lineKey = (lines: { sku: string; quantity: number }[]) =>
  lines.map((l) => `${l.sku}x${l.quantity}`).sort().join(',');

/** Compares Epicor with WooCommerce order by order; every count here is printed and asserted to be 0 where it must. */
export function verify(woo: WooOrderView[], epicorOrders: SimOrder[], credits: SimCredit[], workflows: OrderWorkflowView[]): ChaosVerdict {
  const v: ChaosVerdict = {
    wooOrders: woo.length,
    expectedInEpicor: woo.filter((o) => !o.poison).length,
    epicorOrders: 0,
    duplicates: 0,
    missing: 0,
    lineMismatches: 0,
    amountMismatches: 0,
    refunds: 0,
    credits: 0,
    missingCredits: 0,
    creditsTwice: 0,
    creditAmountMismatches: 0,
    parked: 0,
    parkedWithTrueReason: 0,
    parkedWithoutTrueReason: 0,
    poisonNotParked: 0,
    examples: [],
  };
  const note = (s: string) => v.examples.length < 10 && v.examples.push(s);
  const byPo = new Map<string, SimOrder[]>();
  for (const o of epicorOrders) byPo.set(o.PONum, [...(byPo.get(o.PONum) ?? []), o]);
  const creditsByRefund = new Map<number, SimCredit[]>();
  for (const c of credits) for (const id of refundIds(c)) creditsByRefund.set(id, [...(creditsByRefund.get(id) ?? []), c]);
  v.credits = credits.length;
  const parkedBy = new Map(workflows.filter((w) => w.parkedReason).map((w) => [w.wooOrderId, w.parkedReason!]));
  v.parked = parkedBy.size;

  for (const o of woo) {
    const found = byPo.get(`WEB-${o.number}`) ?? [];
    const reason = parkedBy.get(o.id);
    if (o.poison) {
      if (found.length > 0) note(`order ${o.id} with an unknown SKU reached Epicor`);
      if (reason) v.parkedWithTrueReason++;
      else v.poisonNotParked++;
      continue;
    }
    if (reason) {
      v.parkedWithoutTrueReason++;
      note(`order ${o.id} parked: ${reason}`);
    }
    if (found.length === 0) {
      v.missing++;
      note(`order ${o.id} (WEB-${o.number}) missing in Epicor`);
      continue;
    }
    v.epicorOrders++;
    if (found.length > 1) {
      v.duplicates += found.length - 1;
      note(`order ${o.id} in Epicor ${found.length} times`);
    }
    const e = found[0];
    const epicorLines = e.lines.map((l) => ({ sku: l.PartNum, quantity: Number(l.SellingQuantity) }));
    if (lineKey(epicorLines) !== lineKey(o.lines)) {
      v.lineMismatches++;
      note(`order ${o.id} lines ${lineKey(o.lines)} vs Epicor ${lineKey(epicorLines)}`);
    }
    if (cents(e.DocOrderAmt) !== cents(o.total)) {
      v.amountMismatches++;
      note(`order ${o.id} total ${o.total} vs Epicor ${e.DocOrderAmt}`);
    }
    for (const r of o.refunds) {
      v.refunds++;
      // An RMA may carry more than one memo per refund: compare the sum, so over-crediting shows as "twice".
      const memos = creditsByRefund.get(r.id) ?? [];
      const credited = memos.reduce((sum, m) => sum + Math.abs(cents(m.DocInvoiceAmt)), 0);
      const refunded = Math.abs(cents(r.amount));
      if (memos.length === 0) {
        v.missingCredits++;
        note(`refund ${r.id} of order ${o.id} not credited`);
      } else if (credited > refunded) {
        v.creditsTwice++;
        note(`refund ${r.id} of ${r.amount} credited ${credited / 100} in ${memos.length} memos`);
      } else if (credited !== refunded) {
        v.creditAmountMismatches++;
        note(`refund ${r.id} of ${r.amount} credited as ${credited / 100}`);
      }
    }
  }
  return v;
}

/** The counts that must be zero for a run to pass, with the expected totals. */
export function failures(v: ChaosVerdict): string[] {
  const out: string[] = [];
  if (v.epicorOrders !== v.expectedInEpicor) out.push(`Epicor orders ${v.epicorOrders} != Woo orders ${v.expectedInEpicor}`);
  for (const key of ['duplicates', 'missing', 'lineMismatches', 'amountMismatches', 'missingCredits', 'creditsTwice', 'creditAmountMismatches', 'parkedWithoutTrueReason', 'poisonNotParked'] as const) {
    if (v[key] !== 0) out.push(`${key}: ${v[key]}`);
  }
  return out;
}
