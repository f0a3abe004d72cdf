import { createEpicorClient, f } from '../../epicor';
import { fromMinor, toMinor } from '../../mapping/money';
import { formatPoNum } from '../../mapping/po-num';
import { signalOrderWorkflow } from '../../temporal/order-starters';
import { createWooClient } from '../../woocommerce';
import { CtlError, ids, type CtlContext } from './context';

/** Woo statuses that are not meant to be in Epicor (yet): unpaid, abandoned, drafts. */
const NOT_FOR_EPICOR = new Set(['pending', 'failed', 'checkout-draft', 'draft', 'auto-draft', 'trash']);

export interface ReconcileFinding {
  wooOrderId: number;
  poNum: string;
  problem: 'missing' | 'duplicated' | 'amount-differs' | 'unreadable';
  epicorOrderNums: number[];
  /** Woo total − total_tax (− shipping when ORDER_SHIPPING=ignore), the net the import books. */
  wooNet?: string;
  /** Epicor DocOrderAmt − DocTotalTax. */
  epicorNet?: string;
  detail?: string;
  imported?: boolean;
}

export interface ReconcileReport {
  since: string;
  checked: number;
  ok: number;
  notForEpicor: number;
  findings: ReconcileFinding[];
}

/** `2026-12-01`, `2026-12-01T08:00:00Z` or a relative `24h` / `7d` / `30m`. */
export function parseSince(text: string, now = new Date()): Date {
  const rel = /^(\d+)(m|h|d)$/.exec(text.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm' | 'h' | 'd']);
  const date = new Date(/Z|[+-]\d\d:?\d\d$/.test(text) || /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) throw new CtlError(`--since "${text}" is not a time: use 2026-12-01, 2026-12-01T08:00:00Z, or 24h / 7d`);
  return date;
}

/**
 * WooCommerce orders changed in the window against Epicor orders found by their PONum (the import's key):
 * missing in Epicor, more than one Epicor order, or an Epicor amount that differs from the net the import books.
 * Reads only; `importMissing` hands the missing ones to their workflows, which look up before writing.
 */
export async function reconcileOrders(ctx: CtlContext, since: Date, opts: { importMissing?: boolean } = {}): Promise<ReconcileReport> {
  const woo = createWooClient(ctx.config.woo);
  const epicor = createEpicorClient(ctx.config.epicor);
  const report: ReconcileReport = { since: since.toISOString(), checked: 0, ok: 0, notForEpicor: 0, findings: [] };
  const store = ids(ctx).store;
  try {
    for await (const page of woo.ordersModified({ after: since })) {
      for (const change of page) {
        if (change.unreadable) continue;
        if (NOT_FOR_EPICOR.has(change.status)) {
          report.notForEpicor++;
          continue;
        }
        report.checked++;
        const order = await woo.getOrder(change.id);
        let poNum: string;
        try {
          poNum = formatPoNum(ctx.config.orders.poNumFormat, { number: order.number, id: order.id, store });
        } catch (err) {
          report.findings.push({ wooOrderId: order.id, poNum: '', problem: 'unreadable', epicorOrderNums: [], detail: (err as Error).message });
          continue;
        }
        const rows = await epicor.query<{ OrderNum: number; DocOrderAmt?: number | string; DocTotalTax?: number | string }>('Erp.BO.SalesOrderSvc', 'SalesOrders', {
          filter: f.eq('PONum', poNum),
          select: ['OrderNum', 'DocOrderAmt', 'DocTotalTax'],
          orderBy: ['OrderNum'],
          top: 10,
        });
        const nums = rows.map((r) => Number(r.OrderNum));
        const shipping = ctx.config.orders.shipping === 'ignore' ? toMinor(order.shipping_total) : 0n;
        const wooNet = toMinor(order.total) - toMinor(order.total_tax) - shipping;
        if (rows.length === 0) {
          // Cancelled before it was ever imported: nothing should be in Epicor.
          if (order.status === 'cancelled') {
            report.ok++;
            continue;
          }
          // Not imported in this status (ORDER_IMPORT_STATUSES, e.g. on-hold until paid): not missing either.
          if (!ctx.config.orders.importStatuses.includes(order.status)) {
            report.notForEpicor++;
            continue;
          }
          const finding: ReconcileFinding = { wooOrderId: order.id, poNum, problem: 'missing', epicorOrderNums: [], wooNet: fromMinor(wooNet) };
          if (opts.importMissing) {
            await signalOrderWorkflow(ctx.client, ctx.config, order.id, { source: 'operator', modifiedGmt: change.modifiedGmt });
            finding.imported = true;
          }
          report.findings.push(finding);
          continue;
        }
        if (rows.length > 1) {
          report.findings.push({ wooOrderId: order.id, poNum, problem: 'duplicated', epicorOrderNums: nums, wooNet: fromMinor(wooNet) });
          continue;
        }
        const epicorNet = toMinor(String(rows[0].DocOrderAmt ?? 0)) - toMinor(String(rows[0].DocTotalTax ?? 0));
        if (epicorNet !== wooNet) {
          report.findings.push({ wooOrderId: order.id, poNum, problem: 'amount-differs', epicorOrderNums: nums, wooNet: fromMinor(wooNet), epicorNet: fromMinor(epicorNet) });
          continue;
        }
        report.ok++;
      }
    }
  } finally {
    await Promise.allSettled([woo.close(), epicor.close()]);
  }
  return report;
}

export function formatReconcile(r: ReconcileReport): string {
  const lines = [`Orders changed since ${r.since}: ${r.checked} checked, ${r.ok} match Epicor, ${r.findings.length} need attention (${r.notForEpicor} unpaid/draft not checked)`];
  for (const x of r.findings) {
    const epicor = x.epicorOrderNums.length ? ` Epicor ${x.epicorOrderNums.join(', ')}` : '';
    const amounts = x.problem === 'amount-differs' ? `: Woo net ${x.wooNet}, Epicor ${x.epicorNet}` : '';
    const imported = x.imported ? ' → import started' : '';
    lines.push(`  Woo order ${x.wooOrderId} (${x.poNum || '-'}): ${x.problem}${epicor}${amounts}${x.detail ? `: ${x.detail}` : ''}${imported}`);
  }
  if (r.findings.some((x) => x.problem === 'missing' && !x.imported)) lines.push('Run again with --import-missing to start their imports.');
  return lines.join('\n');
}
