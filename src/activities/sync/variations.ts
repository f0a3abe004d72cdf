import { storedHash } from '../../mapping/content-hash';
import {
  attributeOf,
  parentName,
  parentOptions,
  parentPayload,
  variationHash,
  variationPayload,
  withdrawnVariationPayload,
  type FamilyMember,
  type FamilyRule,
} from '../../mapping/part-family';
import type { PartPlan } from '../../mapping/part-to-product';
import type { ProductWrite, WooClient, WooProduct } from '../../woocommerce';
import type { PagePlan, PlannedWrite, WriteOutcome } from './cycle';
import { retryableItemError } from './failures';

type Plan = Exclude<PartPlan, { kind: 'invalid' }>;
export interface FamilyPart {
  plan: Plan;
  member: FamilyMember;
  /** The part's description's first line: names a parent the connector creates. */
  name: string;
}

/**
 * One family's parts of a page -> writes of its variable product and variations. The parent is created with
 * the first published variation and afterwards only gets options added to the family attribute; each
 * variation is written (through its parent) only when its hash differs.
 */
export function planFamily(family: string, parts: FamilyPart[], existing: Map<string, WooProduct>, rule: FamilyRule, out: PagePlan<ProductWrite>): void {
  const parent = existing.get(family);
  if (parent && parent.type !== 'variable') {
    for (const p of parts) {
      out.invalid.push({ key: p.plan.sku, reason: `the family's SKU ${family} belongs to ${parent.type} product ${parent.id}, not a variable product; change that product or SYNC_VARIATION_PATTERN` });
    }
    return;
  }
  const variations: PlannedWrite<ProductWrite>[] = [];
  const offered: string[] = [];
  for (const { plan, member } of parts) {
    const sku = plan.sku;
    const v = existing.get(sku);
    if (v && (v.type !== 'variation' || (parent && v.parent_id !== parent.id))) {
      out.invalid.push({ key: sku, reason: `SYNC_VARIATION_PATTERN makes it a variation of ${family}, but WooCommerce has it as ${v.type} ${v.id}${v.parent_id ? ` of product ${v.parent_id}` : ''}; delete that product or change the pattern` });
      continue;
    }
    const via = { sku: family, id: parent?.id };
    if (plan.kind === 'publish') {
      offered.push(member.option);
      if (v && storedHash(v) === variationHash(plan, member, rule.attribute)) out.unchanged.push(sku);
      else if (v) variations.push({ key: sku, action: 'update', item: { id: v.id, ...variationPayload(plan, member, rule.attribute), sku }, parent: via });
      else variations.push({ key: sku, action: 'create', item: { ...variationPayload(plan, member, rule.attribute), sku }, parent: via });
    } else if (!v || v.status === 'private') {
      if (plan.kind === 'unpriced') out.invalid.push({ key: sku, reason: plan.reason });
      else out.unchanged.push(sku);
    } else {
      if (plan.kind === 'unpriced') out.invalid.push({ key: sku, reason: `${plan.reason}; variation ${v.id} withdrawn (private)` });
      variations.push({ key: sku, action: 'update', item: { id: v.id, sku, ...withdrawnVariationPayload(plan, member, rule.attribute) }, parent: via });
    }
  }
  const current = parent ? parentOptions(parent, rule.attribute) : [];
  const missing = [...new Set(offered)].filter((o) => !current.includes(o));
  if (!parent && variations.some((w) => w.action === 'create')) {
    const first = parts.find((p) => p.plan.kind === 'publish')!;
    out.writes.push({ key: family, action: 'create', item: parentPayload(parentName(first.name, first.member), family, rule.attribute, [...new Set(offered)]) as ProductWrite });
  } else if (parent && missing.length) {
    // Every other attribute the shop gave the product is sent back as it is: `attributes` replaces the list.
    const others = (Array.isArray(parent.attributes) ? (parent.attributes as { name?: string }[]) : []).filter((a) => (a.name ?? '').toLowerCase() !== rule.attribute.toLowerCase());
    out.writes.push({ key: family, action: 'update', item: { id: parent.id, sku: family, attributes: [...others, attributeOf(rule.attribute, [...current, ...missing])] } });
  }
  out.writes.push(...variations);
}

/**
 * Writes products and variations in plan order of outcomes: products (parents first, through the SKU upsert),
 * then each parent's variations in one batch through `/products/<id>/variations/batch`.
 */
export async function writeProducts(woo: WooClient, writes: PlannedWrite<ProductWrite>[]): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = new Array(writes.length);
  const plain = writes.map((w, i) => ({ w, i })).filter(({ w }) => !w.parent);
  const parentIds = new Map<string, number>();
  if (plain.length) {
    const results = await woo.upsertProducts(plain.map(({ w }) => w.item));
    results.forEach((r, k) => {
      outcomes[plain[k].i] = r.ok ? { ok: true } : { ok: false, message: r.error.message, retryable: retryableItemError(r.error) };
      if (r.ok && r.item.sku) parentIds.set(r.item.sku, r.item.id);
    });
  }
  const byParent = new Map<number | string, { w: PlannedWrite<ProductWrite>; i: number }[]>();
  writes.forEach((w, i) => {
    if (!w.parent) return;
    const id = w.parent.id ?? parentIds.get(w.parent.sku);
    if (id === undefined) {
      outcomes[i] = { ok: false, message: `variable product ${w.parent.sku} could not be created, so its variations wait`, retryable: false };
      return;
    }
    byParent.set(id, [...(byParent.get(id) ?? []), { w, i }]);
  });
  for (const [id, items] of byParent) {
    const creates = items.filter(({ w }) => w.action === 'create');
    const updates = items.filter(({ w }) => w.action === 'update');
    const res = await woo.batch<WooProduct>(`products/${Number(id)}/variations`, {
      create: creates.map(({ w }) => w.item),
      update: updates.map(({ w }) => w.item as { id: number } & Record<string, unknown>),
    });
    const mark = (list: typeof items, results: typeof res.create) =>
      list.forEach(({ i }, k) => {
        const r = results[k];
        outcomes[i] = r.ok ? { ok: true } : { ok: false, message: r.error.message, retryable: retryableItemError(r.error) };
      });
    mark(creates, res.create);
    mark(updates, res.update);
  }
  return outcomes;
}
