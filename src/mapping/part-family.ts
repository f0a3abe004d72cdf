import { contentHash, SYNC_HASH_META_KEY } from './content-hash';
import { SALES_UM_META_KEY, type EpicorPart, type PartPlan } from './part-to-product';

/** SYNC_VARIATION_*: which parts are variations of one variable product. */
export interface FamilyRule {
  /** Over PartNum, with named groups `family` (the parent product's SKU) and `option` (the variation's value). */
  pattern?: string;
  /** Part.ClassID values whose parts may be variations; empty = any class. */
  classes: readonly string[];
  /** The WooCommerce attribute that tells the variations apart. */
  attribute: string;
}

export interface FamilyMember {
  family: string;
  option: string;
}

/** The family a part belongs to, or undefined for a part that is a simple product. */
export function familyOf(part: Pick<EpicorPart, 'PartNum' | 'ClassID'>, rule: FamilyRule): FamilyMember | undefined {
  if (!rule.pattern) return undefined;
  if (rule.classes.length > 0) {
    const cls = (part.ClassID ?? '').trim().toUpperCase();
    if (!rule.classes.some((c) => c.toUpperCase() === cls)) return undefined;
  }
  const m = new RegExp(rule.pattern).exec((part.PartNum ?? '').trim());
  const family = m?.groups?.family?.trim();
  const option = m?.groups?.option?.trim();
  return family && option ? { family, option } : undefined;
}

/** A published variation: its own SKU (the PartNum), price, status, description and attribute value. */
export function variationPayload(plan: Extract<PartPlan, { kind: 'publish' }>, member: FamilyMember, attribute: string): Record<string, unknown> {
  const f = plan.fields;
  return {
    sku: f.sku,
    regular_price: f.regular_price,
    status: 'publish',
    description: f.description,
    attributes: [{ name: attribute, option: member.option }],
    meta_data: [
      { key: SALES_UM_META_KEY, value: f.salesUm },
      { key: SYNC_HASH_META_KEY, value: variationHash(plan, member, attribute) },
    ],
  };
}

/** The hash of everything a variation write sends, so an unchanged variation costs no write. */
export function variationHash(plan: Exclude<PartPlan, { kind: 'invalid' }>, member: FamilyMember, attribute: string): string {
  return contentHash({ part: plan.hash, family: member.family, option: member.option, attribute });
}

/**
 * A variation that must not be sold: variations have no `draft` in the shop's eyes that hides them reliably,
 * `private` does (not purchasable, not shown).
 */
export function withdrawnVariationPayload(plan: Extract<PartPlan, { kind: 'withdraw' | 'unpriced' }>, member: FamilyMember, attribute: string): Record<string, unknown> {
  return { status: 'private', meta_data: [{ key: SYNC_HASH_META_KEY, value: variationHash(plan, member, attribute) }] };
}

/**
 * The parent's name when the connector creates it: the first variation's name without a trailing option
 * ("Tee Shirt Red" for option RED gives "Tee Shirt"), else the family code. After that the shop owns the
 * parent's name, description, images and categories; the connector only adds options to its attribute.
 */
export function parentName(variationName: string, member: FamilyMember): string {
  const escaped = member.option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stripped = variationName.replace(new RegExp(`[\\s,/-]*${escaped}\\s*$`, 'i'), '').trim();
  return stripped && stripped !== variationName.trim() ? stripped : member.family;
}

export function parentPayload(name: string, family: string, attribute: string, options: string[]): Record<string, unknown> {
  return { sku: family, name, type: 'variable', status: 'publish', attributes: [attributeOf(attribute, options)] };
}

export function attributeOf(attribute: string, options: string[]): Record<string, unknown> {
  return { name: attribute, options, variation: true, visible: true };
}

/** The options a variable product already offers for the attribute (custom attributes only). */
export function parentOptions(product: object, attribute: string): string[] {
  const list = (product as { attributes?: unknown }).attributes;
  const attrs = Array.isArray(list) ? (list as { name?: string; options?: unknown }[]) : [];
  const a = attrs.find((x) => (x.name ?? '').toLowerCase() === attribute.toLowerCase());
  return Array.isArray(a?.options) ? a.options.map(String) : [];
}
