import type { ActivityDeps } from '../deps';
import { formatPoNum } from '../../mapping/po-num';
import { describeMismatch, planEpicorOrder, reconcile, type OrderPlan } from '../../mapping/order-plan';
import { ORDER_DP } from '../../mapping/order-cents';
import type { WooOrder } from '../../woocommerce/types';
import { storeKey } from '../../workflows/definitions/orders';
import { WooError } from '../../woocommerce/errors';
import { readAll } from '../../epicor';
import { f } from '../../epicor/odata';
import { readOrderLines } from './epicor-order';
import { guard, permanent } from './failures';

/** What the workflow needs to decide; ids, numbers and statuses only, never addresses or emails. */
export interface WooOrderSnapshot {
  found: boolean;
  status?: string;
  number?: string;
  poNum?: string;
  modifiedGmt?: string;
  refundIds: number[];
  isGuest?: boolean;
  /** Refunds an operator declared handled (refundHandled signal), read back from the Woo order's meta. */
  handledRefundIds?: number[];
}

/**
 * Where an operator's refundHandled decision is kept: a meta entry on the Woo order itself. A memo or workflow
 * state lives only as long as one run, but every later run (a new refund, a catch-up pass) starts by reading the
 * Woo order, so the decision travels with the order. The leading `_` makes WordPress treat the key as protected:
 * it is hidden from the order screen's Custom Fields box (so nobody edits it there by accident) and read through
 * the REST API's `meta_data`. Value: comma-separated Woo refund ids.
 */
export const REFUND_HANDLED_META = '_epicor_refund_handled';

export function handledRefundIdsOf(order: Pick<WooOrder, 'meta_data'>): number[] {
  const meta = order.meta_data.filter((m) => m.key === REFUND_HANDLED_META);
  const ids = meta.flatMap((m) => String(Array.isArray(m.value) ? m.value.join(',') : (m.value ?? '')).split(/[^0-9]+/));
  return [...new Set(ids.filter(Boolean).map(Number))].sort((a, b) => a - b);
}

/**
 * Woo item ids (line_items, shipping_lines and fee_lines share one id sequence) the import has written to Epicor,
 * kept on the Woo order like REFUND_HANDLED_META: every later run and a reset start by reading the Woo order, so
 * they know what was imported even when staff deleted it in Epicor since. Value: comma-separated ids.
 */
export const IMPORTED_ITEMS_META = '_epicor_imported_items';

export function importedItemIdsOf(order: Pick<WooOrder, 'meta_data'>): number[] {
  const meta = order.meta_data.filter((m) => m.key === IMPORTED_ITEMS_META);
  const ids = meta.flatMap((m) => String(Array.isArray(m.value) ? m.value.join(',') : (m.value ?? '')).split(/[^0-9]+/));
  return [...new Set(ids.filter(Boolean).map(Number))].sort((a, b) => a - b);
}

/** `PartNum eq a or PartNum eq b ...` per request: keeps the URL short for orders with many lines. */
const SKUS_PER_QUERY = 25;

/** Parts by upper-case PartNum: Epicor keys compare without case (SQL collation), so does the check. */
export type PartsByNum = Map<string, { PartNum: string; InActive?: boolean }>;

export async function readParts(epicor: ActivityDeps['epicor'], partNums: string[]): Promise<PartsByNum> {
  const skus = [...new Set(partNums)];
  const parts: { PartNum: string; InActive?: boolean }[] = [];
  for (let i = 0; i < skus.length; i += SKUS_PER_QUERY) {
    const chunk = skus.slice(i, i + SKUS_PER_QUERY);
    parts.push(
      ...(await readAll<{ PartNum: string; InActive?: boolean }>(epicor, 'Erp.BO.PartSvc', 'Parts', {
        filter: f.in('PartNum', chunk),
        select: ['PartNum', 'InActive'],
      })),
    );
  }
  return new Map(parts.map((p) => [p.PartNum.toUpperCase(), p]));
}

/** What the workflow sees of a Woo order it read. */
export function snapshotOf(order: WooOrder, poNumFormat: string, store: string): WooOrderSnapshot {
  return {
    found: true,
    status: order.status,
    number: order.number,
    poNum: formatPoNum(poNumFormat, { number: order.number, id: order.id, store }),
    modifiedGmt: order.date_modified_gmt,
    // Oldest first: credits are created in the order the shop made the refunds.
    refundIds: order.refunds.map((r) => r.id).sort((a, b) => a - b),
    isGuest: order.customer_id === 0,
    handledRefundIds: handledRefundIdsOf(order),
  };
}

/**
 * Refuses a plan an operator must look at before anything is written: data problems, totals that do not add up
 * (checked only when nothing of the order is in Epicor yet: an order imported before this check existed, or one
 * an operator let through, must keep receiving its refunds and cancellation), unknown and inactive parts (Epicor's
 * ChangePartNum would refuse both, but only after the header exists).
 */
export async function validatePlan(
  deps: Pick<ActivityDeps, 'config' | 'epicor'>,
  order: WooOrder,
  plan: OrderPlan,
  firstImport: boolean,
  /** Parts already read (a superset of the plan's), else read here. */
  partsRead?: Promise<PartsByNum>,
): Promise<void> {
  const { config, epicor } = deps;
  if (plan.problems.length) throw permanent('UnknownSku', plan.problems.join('; '));
  if (firstImport) {
    const r = reconcile(order, plan, config.orders);
    if (!r.balanced) throw permanent('TotalsMismatch', `${describeMismatch(r)}; fix the order in WooCommerce or import it by hand`);
  }
  const skus = [...new Set(plan.lines.map((l) => l.partNum))];
  const found = await (partsRead ?? readParts(epicor, skus));
  const unknown = skus.filter((s) => !found.has(s.toUpperCase()));
  if (unknown.length) throw permanent('UnknownSku', `unknown SKU in Epicor: ${unknown.join(', ')} (create the part, then send the retry signal)`);
  const inactive = skus.filter((s) => found.get(s.toUpperCase())?.InActive === true);
  if (inactive.length) throw permanent('InactivePart', `part inactive in Epicor: ${inactive.join(', ')} (activate it, then send the retry signal)`);
}

export function createWooOrderActivities({ config, woo, epicor }: ActivityDeps) {
  const store = storeKey(config.woo.baseUrl);
  return {
    /** The webhook is only a notification: the current state always comes from the REST API. */
    async fetchWooOrder(wooOrderId: number): Promise<WooOrderSnapshot> {
      return guard(async () => {
        try {
          return snapshotOf(await woo.getOrder(wooOrderId), config.orders.poNumFormat, store);
        } catch (err) {
          if (err instanceof WooError && err.category === 'not-found') return { found: false, refundIds: [] };
          throw err;
        }
      });
    },

    /**
     * Lines and charges to write (the mapping rules live in src/mapping/order-plan.ts). With `existing` (the
     * Epicor order is already there) only lines not yet on it are validated: a part inactivated or a product
     * deleted after the import must not park the order, or its later refunds would never be credited.
     */
    async planOrder(wooOrderId: number, existing?: { orderNum: number }): Promise<OrderPlan> {
      return guard(async () => {
        // Full precision: the plan allocates cents to total - total_tax (order-cents.ts).
        const order = await woo.getOrder(wooOrderId, { dp: ORDER_DP });
        const present = new Set<string>();
        if (existing) {
          for (const l of await readOrderLines(epicor, existing.orderNum)) if (l.reference) present.add(l.reference);
        }
        const plan = planEpicorOrder(order, config.orders, { present });
        await validatePlan({ config, epicor }, order, plan, present.size === 0);
        return plan;
      });
    },

    /**
     * Stores an operator's refundHandled decision in the Woo order (see REFUND_HANDLED_META). A union of what
     * is there and the given ids, so a retry after a lost answer writes the same value again.
     */
    async recordRefundsHandled(input: { wooOrderId: number; wooRefundIds: number[] }): Promise<number[]> {
      return guard(async () => {
        const order = await woo.getOrder(input.wooOrderId);
        const stored = handledRefundIdsOf(order);
        const all = [...new Set([...stored, ...input.wooRefundIds])].sort((a, b) => a - b);
        if (all.length === stored.length) return all;
        await woo.request('PUT', `/orders/${input.wooOrderId}`, { body: { meta_data: [{ key: REFUND_HANDLED_META, value: all.join(',') }] } });
        return all;
      });
    },
  };
}
