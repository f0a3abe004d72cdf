import type { ActivityDeps } from '../deps';
import { storedHash } from '../../mapping/content-hash';
import { familyOf } from '../../mapping/part-family';
import { PART_SELECT, partKey, planPart, productPayload, withdrawPayload, type EpicorPart, type PartPlan } from '../../mapping/part-to-product';
import { withStock } from '../../mapping/stock';
import type { ProductWrite, WooError } from '../../woocommerce';
import type { SyncCursor } from '../../workflows/definitions/sync';
import { changedRows } from './changed-rows';
import type { EntitySync, PagePlan, PlannedWrite, WriteOutcome } from './cycle';
import { retryableItemError } from './failures';
import { PART_SERVICE, sellableLevels } from './stock-levels';
import { planFamily, writeProducts, type FamilyPart } from './variations';
import { productsBySku, trashedBySku, trashedSkuMessage } from './woo-lookup';

export const PARTS_SET = 'Parts';

/**
 * Parts -> products. A page's products are looked up by SKU in one go; a product is written only when the hash
 * of its mapped fields differs from the `_epicor_sync_hash` it carries. New products get their stock at once,
 * because the stock loop only updates products that already exist.
 */
export function partsSync(deps: ActivityDeps, cursor: SyncCursor): EntitySync<EpicorPart, ProductWrite> {
  const { epicor, woo, config } = deps;
  const rule = config.sync.variations;
  return {
    entity: 'parts',
    pages: (watermark) =>
      changedRows<EpicorPart & Record<string, unknown>>(epicor, {
        service: PART_SERVICE,
        entitySet: PARTS_SET,
        select: PART_SELECT,
        cursor,
        key: 'PartNum',
        watermark,
        pageSize: config.epicor.pageSize,
        overlapSeconds: config.sync.overlapSeconds,
      }),
    keyOf: partKey,

    async plan(rows) {
      const plan: PagePlan<ProductWrite> = { read: rows.length, writes: [], unchanged: [], invalid: [] };
      // Rows come in cursor order, so the last plan per SKU is the newest (a ChangedOn overlap can repeat a row).
      const plans = new Map<string, PartPlan>();
      const families = new Map<string, Map<string, FamilyPart>>();
      for (const row of rows) {
        const p = planPart(row);
        const member = p.kind === 'invalid' ? undefined : familyOf(row, rule);
        if (p.kind === 'invalid') plan.invalid.push({ key: p.sku, reason: p.reason });
        else if (member) {
          const family = families.get(member.family) ?? new Map<string, FamilyPart>();
          families.set(member.family, family.set(p.sku, { plan: p, member, name: nameOf(row) }));
        } else plans.set(p.sku, p);
      }
      if (plans.size === 0 && families.size === 0) return plan;
      const familySkus = [...families].flatMap(([family, members]) => [family, ...members.keys()]);
      const existing = productsBySku(await woo.findProductsBySku([...plans.keys(), ...familySkus]));
      for (const [family, members] of families) planFamily(family, [...members.values()], existing, rule, plan);
      const toCreate = [...plans.values()].filter((p) => p.kind === 'publish' && !existing.has(p.sku)).map((p) => p.sku);
      const trashed = toCreate.length ? await trashedBySku(woo, toCreate) : new Map<string, { id: number; name: string }>();
      for (const [sku, p] of plans) {
        const product = existing.get(sku);
        const inTrash = product ? undefined : trashed.get(sku);
        if (inTrash && p.kind === 'publish') {
          // Reported as a skip, not a write failure: a row re-read from the overlap window does not repeat it.
          plan.invalid.push({ key: sku, reason: trashedSkuMessage(sku, inTrash) });
        } else if (product?.type === 'variation') {
          plan.invalid.push({ key: sku, reason: `SKU belongs to variation ${product.id}; variations are not synced` });
        } else if (p.kind === 'withdraw') {
          // Parts that are not for sale are never created; an existing product is only taken off sale.
          if (!product || product.status === p.status) plan.unchanged.push(sku);
          else plan.writes.push({ key: sku, action: 'update', item: { id: product.id, sku, ...withdrawPayload(p) } });
        } else if (p.kind === 'unpriced') {
          // Never created without a price; but a product already on sale must not stay there at its old price.
          if (!product || product.status === p.status) plan.invalid.push({ key: sku, reason: p.reason });
          else {
            plan.invalid.push({ key: sku, reason: `${p.reason}; product ${product.id} withdrawn (draft)` });
            plan.writes.push({ key: sku, action: 'update', item: { id: product.id, sku, ...withdrawPayload(p) } });
          }
        } else if (p.kind === 'publish') {
          if (product && storedHash(product) === p.hash) plan.unchanged.push(sku);
          else if (product) plan.writes.push({ key: sku, action: 'update', item: { id: product.id, ...productPayload(p), sku } });
          else plan.writes.push({ key: sku, action: 'create', item: { ...productPayload(p), sku } });
        }
      }
      return plan;
    },

    async write(writes) {
      await addStockToCreates(deps, writes);
      return writeProducts(woo, writes);
    },
  };
}

async function addStockToCreates(deps: ActivityDeps, writes: PlannedWrite<ProductWrite>[]): Promise<void> {
  // A variable product has no stock of its own: its variations do.
  const creates = writes.filter((w) => w.action === 'create' && w.item.type !== 'variable');
  if (creates.length === 0) return;
  const levels = await sellableLevels(deps, creates.map((w) => w.key));
  for (const w of creates) w.item = withStock(w.item, levels.get(w.key) ?? { epicor: 0, webPending: 0 });
}

export function toOutcomes(results: ({ ok: true } | { ok: false; error: WooError })[]): WriteOutcome[] {
  return results.map((r) => (r.ok ? { ok: true } : { ok: false, message: r.error.message, retryable: retryableItemError(r.error) }));
}

/** First line of a part's description (a variable product the connector creates is named after it). */
function nameOf(part: EpicorPart): string {
  return (part.PartDescription ?? '').split(/\r?\n/)[0].trim() || part.PartNum.trim();
}
