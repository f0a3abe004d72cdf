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
        // Unknown SKUs are found before anything is written, with a reason an operator can act on.
        const skus = [...new Set(plan.lines.map((l) => l.partNum))];
        const known = new Set<string>();
        for (const sku of skus) {
          const rows = await epicor.query<{ PartNum: string }>('Erp.BO.PartSvc', 'Parts', { filter: f.eq('PartNum', sku), select: ['PartNum'], top: 1 });
          if (rows[0]) known.add(sku);
        }
        const unknown = skus.filter((s) => !known.has(s));
        if (unknown.length) throw permanent('UnknownSku', `unknown SKU in Epicor: ${unknown.join(', ')} (create the part, then send the retry signal)`);
        return plan;
      });
    },
  };
}
