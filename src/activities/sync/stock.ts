import type { ActivityDeps } from '../deps';
import { PART_WHSE_SELECT, stockDecision, stockPayload, type EpicorPartWhse, type StockLevel } from '../../mapping/stock';
import type { ProductWrite } from '../../woocommerce';
import { changedRows } from './changed-rows';
import type { EntitySync, PagePlan } from './cycle';
import { writeProducts } from './variations';
import { PART_SERVICE, PART_WHSE_SET, sellableLevels } from './stock-levels';
import { productsBySku } from './woo-lookup';

/**
 * Warehouse rows -> stock_quantity. The cursor runs over PartWhse rows (its own SysRevID watermark); a changed
 * row triggers a fresh sum over all counted warehouses of its part, so the result never depends on which row
 * changed. Only existing products are updated: the parts loop creates products (with their stock).
 *
 * What is written is Epicor's free quantity minus the web orders Epicor does not have yet (`sellable`), and
 * never more than the store shows unless Epicor's own figure moved (`stockDecision`): the store must not put
 * back on sale units a shopper just bought, whatever the overlap re-read or the import does to the row.
 */
export function stockSync(deps: ActivityDeps): EntitySync<EpicorPartWhse, ProductWrite> {
  const { epicor, woo, config } = deps;
  return {
    entity: 'stock',
    pages: (watermark) =>
      changedRows<EpicorPartWhse & Record<string, unknown>>(epicor, {
        service: PART_SERVICE,
        entitySet: PART_WHSE_SET,
        select: PART_WHSE_SELECT,
        cursor: 'SysRevID',
        key: 'PartNum',
        watermark,
        pageSize: config.epicor.pageSize,
      }),
    keyOf: (row) => row.PartNum.trim(),

    async plan(rows) {
      const plan: PagePlan<ProductWrite> = { read: rows.length, writes: [], unchanged: [], invalid: [] };
      const partNums = [...new Set(rows.map((r) => r.PartNum.trim()))];
      const existing = productsBySku(await woo.findProductsBySku(partNums));
      // A variable product's stock is its variations' (each a part); a variation is written through its parent.
      const withProduct = partNums.filter((p) => existing.has(p) && existing.get(p)!.type !== 'variable');
      // A part without a product has nothing to update (it is not for the web, or the parts loop creates it).
      for (const p of partNums) if (!withProduct.includes(p)) plan.unchanged.push(p);
      if (withProduct.length === 0) return plan;

      let levels: Map<string, StockLevel>;
      try {
        levels = await sellableLevels(deps, withProduct);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        // A quantity that is not a decimal: report the page's parts instead of failing the loop forever.
        for (const p of withProduct) plan.invalid.push({ key: p, reason: `cannot sum OnHandQty - AllocatedQty/DemandQty: ${err.message}` });
        return plan;
      }
      for (const sku of withProduct) {
        const product = existing.get(sku)!;
        const level = levels.get(sku) ?? { epicor: 0, webPending: 0 };
        // `hold` is no write either: the store shows less than Epicor's unmoved figure says, and keeps it.
        if (stockDecision(product, level) !== 'write') plan.unchanged.push(sku);
        else {
          const parent = product.type === 'variation' ? { sku: '', id: product.parent_id } : undefined;
          plan.writes.push({ key: sku, action: 'update', item: { id: product.id, sku, ...stockPayload(level) }, ...(parent ? { parent } : {}) });
        }
      }
      return plan;
    },

    async write(writes) {
      return writeProducts(woo, writes);
    },
  };
}
