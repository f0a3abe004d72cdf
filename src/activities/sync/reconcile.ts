import { activityInfo, heartbeat } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { PART_SELECT, planPart, productDrift, productPayload, withdrawPayload, type EpicorPart, type PartPlan } from '../../mapping/part-to-product';
import { stockPayload } from '../../mapping/stock';
import type { ProductWrite } from '../../woocommerce';
import type { ReconcileSummary } from '../../workflows/definitions/sync';
import { INITIAL_WATERMARK, RECENT_LIMIT } from '../../workflows/definitions/sync';
import { changedRows } from './changed-rows';
import { pushBounded } from './failures';
import { PARTS_SET } from './parts';
import { PART_SERVICE, stockLevels } from './stock-levels';
import { productsBySku } from './woo-lookup';

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
  inSync: 0,
  invalid: 0,
  failed: 0,
  errors: [],
});

/**
 * Full reconcile: every part compared with what WooCommerce actually holds. The hash meta is ignored on
 * purpose: a product edited by hand in WooCommerce still carries the hash of the last sync, so only a field by
 * field comparison finds the drift. Walks the whole Part table by SysRevID (keyset), heartbeating its position.
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
      else plans.set(plan.sku, plan);
    }
    const existing = productsBySku(plans.size ? await woo.findProductsBySku([...plans.keys()]) : []);
    const writes: { sku: string; kind: 'repaired' | 'created' | 'unpublished'; item: ProductWrite }[] = [];
    for (const [sku, plan] of plans) {
      const product = existing.get(sku);
      if (product?.type === 'variation') {
        s.invalid++;
        continue;
      }
      if (!product) {
        if (plan.kind === 'publish') writes.push({ sku, kind: 'created', item: { ...productPayload(plan), sku } });
        continue;
      }
      s.checked++;
      if (productDrift(plan, product).length === 0) s.inSync++;
      else if (plan.kind === 'withdraw') writes.push({ sku, kind: 'unpublished', item: { id: product.id, sku, ...withdrawPayload(plan) } });
      else writes.push({ sku, kind: 'repaired', item: { id: product.id, ...productPayload(plan), sku } });
    }
    const creates = writes.filter((w) => w.kind === 'created');
    if (creates.length) {
      const levels = await stockLevels(epicor, creates.map((w) => w.sku), config.sync.stockWarehouses, config.epicor.pageSize);
      for (const w of creates) Object.assign(w.item, stockPayload(levels.get(w.sku) ?? 0));
    }
    if (writes.length) {
      const results = await woo.upsertProducts(writes.map((w) => w.item));
      results.forEach((r, i) => {
        if (r.ok) s[writes[i].kind]++;
        else {
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
