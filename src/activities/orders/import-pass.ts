import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from '../deps';
import { attemptOf, currentContext, reportMarginMs } from '../attempt';
import { ORDER_DP } from '../../mapping/order-cents';
import { planEpicorOrder } from '../../mapping/order-plan';
import { WooError } from '../../woocommerce/errors';
import type { WooOrder } from '../../woocommerce/types';
import { storeKey } from '../../workflows/definitions/orders';
import { createCustomerActivities, type OrderActivityOptions } from './epicor-customer';
import { createEpicorOrderWrites, type EpicorOrderRef } from './epicor-order';
import { guard, permanent } from './failures';
import { IMPORTED_ITEMS_META, importedItemIdsOf, readParts, snapshotOf, validatePlan, type WooOrderSnapshot } from './woo-order';

/** Woo statuses before payment: no Epicor look-up for them unless an earlier pass imported the order. */
const BEFORE_PAYMENT = new Set(['pending', 'failed', 'checkout-draft', 'draft', 'auto-draft']);

/** Share of the start-to-close timeout one call may spend writing before it hands the rest to the next call. */
const WRITE_BUDGET_SHARE = 0.4;

export interface ImportPassResult {
  /** What the workflow decides cancellation and refunds on (ids, statuses, no personal data). */
  woo: WooOrderSnapshot;
  /** Why nothing was imported (status not in ORDER_IMPORT_STATUSES, cancelled before import). */
  skipped?: string;
  order?: EpicorOrderRef;
  /** True when this call created the Epicor header. */
  created?: boolean;
  /** OrderLine numbers on the Epicor order after this call. */
  lines: number[];
  /** References (OrderDtl.Reference, OrderMsc.Description) this call wrote. */
  added: string[];
  /** The write budget ran out with lines still to write: call again (the next call finishes them). */
  more?: boolean;
}

/**
 * One import pass in one activity: read the Woo order once, find its Epicor order (or decide it is not to be
 * imported), create the header if missing, add the Woo lines and charges not imported yet, and remember them in
 * the Woo order. Everything is looked up at the start of each attempt, so a retry (or a new run, or a reset)
 * writes only what is missing; a write whose answer was lost is waited for first (guard).
 *
 * The incremental rule: a Woo item (line, shipping line, fee) counts as imported when its id is in the Woo
 * order's IMPORTED_ITEMS_META or one of its references is on the Epicor order (a pass that wrote it and died
 * before remembering it). Imported items are never written again, so what staff deleted or changed in Epicor
 * stays as they left it; only items WooCommerce added since are written.
 */
export interface ImportPassOptions {
  /** Writing time per call before the rest is left to the next one; default 40 % of the start-to-close timeout. */
  writeBudgetMs?: number;
}

export function createImportPassActivities(deps: ActivityDeps, options: OrderActivityOptions & ImportPassOptions = {}) {
  const { config, woo } = deps;
  const store = storeKey(config.woo.baseUrl);
  const writes = createEpicorOrderWrites(deps);
  const { resolveCustomer } = createCustomerActivities(deps, options);

  /** PartNums of the lines a pass would write if nothing of the order were in Epicor yet. */
  function speculativeSkus(order: WooOrder, remembered: ReadonlySet<number>): string[] {
    try {
      return planEpicorOrder(order, config.orders, { imported: remembered }).lines.map((l) => l.partNum);
    } catch {
      return []; // the plan of the pass proper reports it
    }
  }

  async function readOrder(wooOrderId: number): Promise<WooOrder | undefined> {
    try {
      return await woo.getOrder(wooOrderId, { dp: ORDER_DP });
    } catch (err) {
      if (err instanceof WooError && err.category === 'not-found') return undefined;
      throw err;
    }
  }

  return {
    async importOrder(input: { wooOrderId: number }): Promise<ImportPassResult> {
      let read: string | undefined;
      return guard(async () => {
        const order = await readOrder(input.wooOrderId);
        if (!order) return { woo: { found: false, refundIds: [] }, lines: [], added: [] };
        read = order.date_modified_gmt;
        const snap = snapshotOf(order, config.orders.poNumFormat, store);
        const poNum = snap.poNum!;
        const status = order.status;
        const remembered = new Set(importedItemIdsOf(order));
        const importable = status !== 'cancelled' && config.orders.importStatuses.includes(status);
        const notImported = status === 'cancelled' ? 'cancelled before import' : `status ${status} is not imported (ORDER_IMPORT_STATUSES=${config.orders.importStatuses.join(',')})`;
        if (!importable && !remembered.size && BEFORE_PAYMENT.has(status)) return { woo: snap, skipped: notImported, lines: [], added: [] };

        // The parts of every item not remembered are read beside the order look-up (one round trip less): a
        // superset of what the plan will hold once the lines on the Epicor order are known.
        const partsRead = importable ? readParts(deps.epicor, speculativeSkus(order, remembered)) : undefined;
        partsRead?.catch(() => undefined); // awaited below only when something is written
        // Nothing remembered and a first attempt: most likely a new order, so its header row is asked for beside
        // the look-up too (GetNewOrderHed saves nothing; for an order that exists after all, one call is wasted).
        // A retry more likely finds what the earlier attempt wrote, and asks only when it needs one.
        const firstAttempt = (currentContext()?.info.attempt ?? 1) === 1;
        const newHed = importable && !remembered.size && firstAttempt ? writes.newOrderHed() : undefined;
        newHed?.catch(() => undefined);
        const own = await writes.findOwnOrder(poNum, order);
        // Not importable now, but imported earlier: cancellation and refunds still follow (the workflow), no new lines.
        if (!importable) {
          return own ? { woo: snap, order: own.ref, lines: own.lines.map((l) => l.orderLine), added: [] } : { woo: snap, skipped: notImported, lines: [], added: [] };
        }

        const present = new Set([...(own?.lines.map((l) => l.reference) ?? []), ...(own?.chargeRefs ?? [])].filter(Boolean));
        const plan = planEpicorOrder(order, config.orders, { present, imported: remembered });
        const lines = own?.lines.map((l) => l.orderLine) ?? [];
        const added: string[] = [];
        let ref = own?.ref;
        let created = false;
        let more = false;
        if (!ref || plan.lines.length || plan.charges.length) {
          await validatePlan(deps, order, plan, present.size === 0 && remembered.size === 0, partsRead);
          if (ref && !ref.open) {
            const refs = [...plan.lines, ...plan.charges].map((x) => x.reference);
            throw permanent(
              'EpicorRejected',
              `Epicor order ${ref.orderNum} is closed, and WooCommerce has items added since the import (${refs.join(', ')}); reopen the order and send the retry signal, or add them by hand`,
            );
          }
          let ds;
          if (!ref) {
            const customer = await resolveCustomer(order);
            ({ ref, ds } = await writes.writeHeader({ poNum, custNum: customer.custNum, custId: customer.custId }, order, newHed));
            created = true;
          } else {
            ds = own!.ds;
          }
          const budgetEnds = writeBudgetEnd(options.writeBudgetMs);
          for (const line of plan.lines) {
            // At least one line per call, so a pass always moves on.
            if (added.length > 0 && Date.now() > budgetEnds) {
              more = true;
              break;
            }
            let orderLine: number;
            ({ ds, orderLine } = await writes.writeLine(ds, ref, line));
            lines.push(orderLine);
            added.push(line.reference);
          }
          for (const charge of more ? [] : plan.charges) {
            ds = await writes.writeCharge(ds, ref, charge);
            added.push(charge.reference);
          }
        }
        // Remembered only once the whole plan is written (a split line's two halves, every charge): until then the
        // references on the Epicor order tell the next call what is there.
        if (!more) await remember(order, remembered);
        return { woo: snap, order: ref, created, lines: lines.sort((a, b) => a - b), added, more };
      }).catch((err: unknown) => {
        throw read ? withParkedOn(err, read) : err;
      });
    },
  };

  /**
   * Every item of the order as read is now imported (written, or nothing to write for it: a 0.00 shipping line):
   * stored in the Woo order when that adds ids. Saving the order makes WooCommerce send order.updated; the pass it
   * triggers finds every id remembered, writes nothing and stores nothing, so it ends there.
   */
  async function remember(order: WooOrder, remembered: Set<number>): Promise<void> {
    const ids = [...order.line_items, ...order.shipping_lines, ...order.fee_lines].map((i) => i.id);
    if (ids.every((id) => remembered.has(id))) return;
    const all = [...new Set([...remembered, ...ids])].sort((a, b) => a - b);
    await woo.request('PUT', `/orders/${order.id}`, { body: { meta_data: [{ key: IMPORTED_ITEMS_META, value: all.join(',') }] } });
  }
}

/**
 * A failure that parks the order carries the Woo state it parked on (details[0].wooModifiedGmt): a parked workflow
 * ignores hints no newer than that state (the catch-up re-sends it every pass), as it did when the read was an
 * activity of its own.
 */
function withParkedOn(err: unknown, wooModifiedGmt: string): unknown {
  if (!(err instanceof ApplicationFailure) || !err.nonRetryable) return err;
  return ApplicationFailure.create({ message: err.message, type: err.type ?? undefined, nonRetryable: true, details: [{ wooModifiedGmt }] });
}

/** Epoch ms after which this attempt starts no new line (the rest goes to the next call); no limit outside an activity. */
function writeBudgetEnd(budgetMs?: number): number {
  const ctx = currentContext();
  const started = ctx ? attemptOf(ctx).startedAt : Date.now();
  if (budgetMs !== undefined) return started + budgetMs;
  const stc = ctx?.info.startToCloseTimeoutMs;
  if (!stc) return Number.POSITIVE_INFINITY;
  return Math.min(started + stc * WRITE_BUDGET_SHARE, started + stc - reportMarginMs(stc) - 30_000);
}
