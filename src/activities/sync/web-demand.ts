import type { ActivityDeps } from '../deps';
import { f } from '../../epicor';
import { formatPoNum } from '../../mapping/po-num';
import { formatGmt } from '../../woocommerce/pager';
import { storeKey } from '../../workflows/definitions/orders';
import { allRows } from './changed-rows';

const SALES_ORDER_SERVICE = 'Erp.BO.SalesOrderSvc';
const SALES_ORDERS_SET = 'SalesOrders';
/** PONums per `PONum eq a or ...` filter, as for PartNums: keeps URLs well under server limits. */
const PONUMS_PER_QUERY = 20;

/** Orders whose stock WooCommerce has already taken off (wc_maybe_reduce_stock_levels: paid, on hold, done). */
const STOCK_TAKEN_STATUSES = 'processing,on-hold,completed';

interface OrderLines {
  id: number;
  number?: string;
  line_items?: { sku?: string | null; quantity?: number }[];
}

/**
 * Units of each SKU in recent WooCommerce orders that Epicor does not have yet (no Epicor order carries the
 * order's PONum). WooCommerce took those units off its stock when the shopper paid; Epicor's figure does not
 * show them until the import lands, so they are taken off Epicor's figure here. Once imported, Epicor's
 * DemandQty holds them (see stockQuantity) and they are no longer counted here: never twice, never not at all.
 *
 * Looks back SYNC_STOCK_OPEN_ORDER_DAYS: an order older than that which still is not in Epicor is parked and
 * has an operator's attention. One Woo listing per call, and one Epicor lookup per 20 orders holding the SKUs.
 */
export async function webUnitsNotInEpicor(deps: Pick<ActivityDeps, 'epicor' | 'woo' | 'config'>, skus: readonly string[]): Promise<Map<string, number>> {
  const { woo, epicor, config } = deps;
  const wanted = new Set(skus);
  const out = new Map<string, number>();
  if (wanted.size === 0) return out;

  const after = new Date(Date.now() - config.sync.stockOpenOrderDays * 86_400_000);
  const query = { status: STOCK_TAKEN_STATUSES, after: formatGmt(after), dates_are_gmt: true, orderby: 'id', order: 'asc', _fields: 'id,number,line_items' };
  const store = storeKey(config.woo.baseUrl);
  const byPoNum = new Map<string, { sku: string; qty: number }[]>();
  for await (const page of woo.pages<OrderLines>('/orders', query)) {
    for (const order of page) {
      const lines = (order.line_items ?? [])
        .filter((l) => typeof l.sku === 'string' && wanted.has(l.sku) && Number(l.quantity) > 0)
        .map((l) => ({ sku: l.sku as string, qty: Number(l.quantity) }));
      if (lines.length === 0) continue;
      let poNum: string;
      try {
        poNum = formatPoNum(config.orders.poNumFormat, { number: String(order.number ?? order.id), id: order.id, store });
      } catch {
        // The import cannot store this order in Epicor either (it parks it): its units stay taken.
        poNum = `unimportable:${order.id}`;
      }
      byPoNum.set(poNum, [...(byPoNum.get(poNum) ?? []), ...lines]);
    }
  }

  const inEpicor = new Set<string>();
  const poNums = [...byPoNum.keys()].filter((p) => !p.startsWith('unimportable:'));
  for (let i = 0; i < poNums.length; i += PONUMS_PER_QUERY) {
    const rows = await allRows<{ PONum?: string }>(epicor, SALES_ORDER_SERVICE, SALES_ORDERS_SET, f.in('PONum', poNums.slice(i, i + PONUMS_PER_QUERY)), ['OrderNum', 'PONum'], config.epicor.pageSize);
    for (const r of rows) if (r.PONum) inEpicor.add(r.PONum);
  }
  for (const [poNum, lines] of byPoNum) {
    if (inEpicor.has(poNum)) continue;
    for (const l of lines) out.set(l.sku, (out.get(l.sku) ?? 0) + l.qty);
  }
  return out;
}
