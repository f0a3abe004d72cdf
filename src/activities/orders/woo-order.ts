import type { ActivityDeps } from '../deps';
import { formatPoNum } from '../../mapping/po-num';
import { planEpicorOrder, type OrderPlan } from '../../mapping/order-plan';
import { storeKey } from '../../workflows/definitions/orders';
import { WooError } from '../../woocommerce/errors';
import { f } from '../../epicor/odata';
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
}

/** `PartNum eq a or PartNum eq b ...` per request: keeps the URL short for orders with many lines. */
const SKUS_PER_QUERY = 25;

export function createWooOrderActivities({ config, woo, epicor }: ActivityDeps) {
  const store = storeKey(config.woo.baseUrl);
  return {
    /** The webhook is only a notification: the current state always comes from the REST API. */
    async fetchWooOrder(wooOrderId: number): Promise<WooOrderSnapshot> {
      return guard(async () => {
        try {
          const order = await woo.getOrder(wooOrderId);
          return {
            found: true,
            status: order.status,
            number: order.number,
            poNum: formatPoNum(config.orders.poNumFormat, { number: order.number, id: order.id, store }),
            modifiedGmt: order.date_modified_gmt,
            // Oldest first: credits are created in the order the shop made the refunds.
            refundIds: order.refunds.map((r) => r.id).sort((a, b) => a - b),
            isGuest: order.customer_id === 0,
          };
        } catch (err) {
          if (err instanceof WooError && err.category === 'not-found') return { found: false, refundIds: [] };
          throw err;
        }
      });
    },

    /** Lines and charges to write (the mapping rules live in src/mapping/order-plan.ts). */
    async planOrder(wooOrderId: number): Promise<OrderPlan> {
      return guard(async () => {
        const plan = planEpicorOrder(await woo.getOrder(wooOrderId), config.orders);
        if (plan.problems.length) throw permanent('UnknownSku', plan.problems.join('; '));
        // Unknown and inactive parts are found before anything is written, with a reason an operator can act on
        // (Epicor's ChangePartNum would refuse both, but only after the header exists).
        const skus = [...new Set(plan.lines.map((l) => l.partNum))];
        const parts: { PartNum: string; InActive?: boolean }[] = [];
        for (let i = 0; i < skus.length; i += SKUS_PER_QUERY) {
          const chunk = skus.slice(i, i + SKUS_PER_QUERY);
          parts.push(
            ...(await epicor.query<{ PartNum: string; InActive?: boolean }>('Erp.BO.PartSvc', 'Parts', {
              filter: f.in('PartNum', chunk),
              select: ['PartNum', 'InActive'],
              top: chunk.length,
            })),
          );
        }
        // Epicor keys compare without case (SQL collation), so does this check.
        const found = new Map(parts.map((p) => [p.PartNum.toUpperCase(), p]));
        const unknown = skus.filter((s) => !found.has(s.toUpperCase()));
        if (unknown.length) throw permanent('UnknownSku', `unknown SKU in Epicor: ${unknown.join(', ')} (create the part, then send the retry signal)`);
        const inactive = skus.filter((s) => found.get(s.toUpperCase())?.InActive === true);
        if (inactive.length) throw permanent('InactivePart', `part inactive in Epicor: ${inactive.join(', ')} (activate it, then send the retry signal)`);
        return plan;
      });
    },
  };
}
