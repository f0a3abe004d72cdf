import { activityInfo, heartbeat } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { familyOf } from '../../mapping/part-family';
import { PART_SELECT, planPart, productDrift, productPayload, withdrawPayload, type EpicorPart, type PartPlan } from '../../mapping/part-to-product';
import { sellable, stockPayload, stockUnchanged, withStock, type StockLevel } from '../../mapping/stock';
import type { ProductWrite } from '../../woocommerce';
import type { ReconcileSummary } from '../../workflows/definitions/sync';
import { INITIAL_WATERMARK, RECENT_LIMIT } from '../../workflows/definitions/sync';
import { changedRows } from './changed-rows';
import { pushBounded } from './failures';
import { PARTS_SET } from './parts';
import { PART_SERVICE, sellableLevels } from './stock-levels';
import { productsBySku, trashedBySku, trashedSkuMessage } from './woo-lookup';

interface Progress {
  cursor: string;
  summary: ReconcileSummary;
}

export const emptySummary = (): ReconcileSummary => ({
  partsRead: 0,
  checked: 0,
  repaired: 0,
  created: 0,
  unpublished: 0,
  stockRepaired: 0,
  inSync: 0,
  invalid: 0,
  failed: 0,
  errors: [],
});

/**
 * Full reconcile: every part compared with what WooCommerce actually holds. The hash meta is ignored on
 * purpose: a product edited by hand in WooCommerce still carries the hash of the last sync, so only a field by
 * field comparison finds the drift. Walks the whole Part table by SysRevID (keyset), heartbeating its position.
 *
 * Stock is compared too, for published web parts: the same `sellable` figure as the stock loop (Epicor's free
 * quantity minus the web orders Epicor does not have yet, so the two never undo each other and neither puts a
 * sold unit back on sale) against `stock_quantity`. The stock loop only reacts to changed warehouse rows and
 * never raises a figure Epicor did not move, so a hand edit in WooCommerce, or a write it lost, stays wrong
 * until the next warehouse movement; this is where it is put right.
 */
export async function reconcileParts(deps: ActivityDeps): Promise<ReconcileSummary> {
  const { epicor, woo, config } = deps;
  const resumed = activityInfo().heartbeatDetails as Progress | undefined;
  const p: Progress = resumed?.cursor ? resumed : { cursor: INITIAL_WATERMARK.SysRevID, summary: emptySummary() };
  const s = p.summary;

  const pages = changedRows<EpicorPart & Record<string, unknown>>(epicor, {
    service: PART_SERVICE,
    entitySet: PARTS_SET,
    select: PART_SELECT,
    cursor: 'SysRevID',
    key: 'PartNum',
    watermark: p.cursor,
    pageSize: config.epicor.pageSize,
  });
  for await (const page of pages) {
    s.partsRead += page.rows.length;
    const plans = new Map<string, Exclude<PartPlan, { kind: 'invalid' }>>();
    for (const row of page.rows) {
      const plan = planPart(row);
      if (plan.kind === 'invalid') s.invalid++;
      // Variations are kept right by the parts and stock loops (by hash and basis), not repaired here.
      else if (!familyOf(row, config.sync.variations)) plans.set(plan.sku, plan);
    }
    const existing = productsBySku(plans.size ? await woo.findProductsBySku([...plans.keys()]) : []);
    const onSale = [...plans.values()].filter((plan) => plan.kind === 'publish').map((plan) => plan.sku);
    const levels = await pageStock(deps, onSale, s);
    const missing = [...plans.values()].filter((plan) => plan.kind === 'publish' && !existing.has(plan.sku)).map((plan) => plan.sku);
    const trashed = missing.length ? await trashedBySku(woo, missing) : new Map<string, { id: number; name: string }>();
    const writes: { sku: string; kind: 'repaired' | 'created' | 'unpublished' | 'stock'; stock: boolean; item: ProductWrite }[] = [];
    for (const [sku, plan] of plans) {
      const product = existing.get(sku);
      if (product?.type === 'variation') {
        s.invalid++;
        continue;
      }
      // An unpriced part is invalid whatever WooCommerce holds; its product, if any, must not stay on sale.
      if (plan.kind === 'unpriced') s.invalid++;
      if (!product) {
        const inTrash = trashed.get(sku);
        if (plan.kind === 'publish' && inTrash) {
          s.invalid++;
          pushBounded(s.errors, `${sku}: ${trashedSkuMessage(sku, inTrash)}`, RECENT_LIMIT);
        } else if (plan.kind === 'publish') writes.push({ sku, kind: 'created', stock: false, item: { ...productPayload(plan), sku } });
        continue;
      }
      s.checked++;
      const level = plan.kind === 'publish' ? levels?.get(sku) : undefined;
      const stockDrift = level !== undefined && !stockUnchanged(product, sellable(level.epicor, level.webPending));
      const stock = stockDrift ? stockPayload(level) : {};
      const drift = productDrift(plan, product).length > 0;
      if (!drift && !stockDrift) s.inSync++;
      else if (plan.kind !== 'publish') writes.push({ sku, kind: 'unpublished', stock: false, item: { id: product.id, sku, ...withdrawPayload(plan) } });
      else if (drift) writes.push({ sku, kind: 'repaired', stock: stockDrift, item: level && stockDrift ? withStock({ id: product.id, ...productPayload(plan), sku }, level) : { id: product.id, ...productPayload(plan), sku } });
      else writes.push({ sku, kind: 'stock', stock: true, item: { id: product.id, sku, ...stock } });
    }
    const creates = writes.filter((w) => w.kind === 'created');
    if (creates.length) {
      const levels = await sellableLevels(deps, creates.map((w) => w.sku));
      for (const w of creates) w.item = withStock(w.item, levels.get(w.sku) ?? { epicor: 0, webPending: 0 });
    }
    if (writes.length) {
      const results = await woo.upsertProducts(writes.map((w) => w.item));
      results.forEach((r, i) => {
        if (r.ok) {
          const w = writes[i];
          if (w.kind !== 'stock') s[w.kind]++;
          if (w.stock) s.stockRepaired++;
        } else {
          s.failed++;
          pushBounded(s.errors, `${writes[i].sku}: ${r.error.message}`, RECENT_LIMIT);
        }
      });
    }
    p.cursor = page.watermark;
    heartbeat(p);
  }
  return s;
}

/**
 * Exact available quantity (on hand - allocated, see stockQuantity) of the page's published parts, or
 * undefined when a quantity cannot be summed (not a decimal): then this page's stock is left to the stock loop,
 * which reports it, and the error is noted here.
 */
async function pageStock(deps: ActivityDeps, skus: string[], s: ReconcileSummary): Promise<Map<string, StockLevel> | undefined> {
  if (skus.length === 0) return new Map();
  try {
    return await sellableLevels(deps, skus);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    pushBounded(s.errors, `stock not checked for ${skus[0]}…${skus[skus.length - 1]}: ${err.message}`, RECENT_LIMIT);
    return undefined;
  }
}
