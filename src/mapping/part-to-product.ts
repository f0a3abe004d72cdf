import { contentHash, SYNC_HASH_META_KEY } from './content-hash';
import { formatDecimal, toMinor } from './money';

/** The Part columns the sync reads (`Erp.BO.PartSvc/Parts`). */
export interface EpicorPart {
  PartNum: string;
  PartDescription?: string | null;
  /** JSON number from Epicor, or a decimal string. */
  UnitPrice?: number | string | null;
  SalesUM?: string | null;
  InActive?: boolean | null;
  WebPart?: boolean | null;
  /** Part class: may decide which parts are variations (SYNC_VARIATION_CLASSES). */
  ClassID?: string | null;
  ChangedOn?: string | null;
  SysRevID?: string | number | null;
}

export const PART_SELECT = ['PartNum', 'PartDescription', 'UnitPrice', 'SalesUM', 'InActive', 'WebPart', 'ClassID', 'ChangedOn', 'SysRevID'];

/** Meta key holding Epicor's sales unit of measure on the product. */
export const SALES_UM_META_KEY = '_epicor_sales_um';

/** WooCommerce's default price precision; a price Epicor holds more exactly is refused rather than rounded. */
export const PRICE_DECIMALS = 2;

/** Longest product name sent; Epicor descriptions can be long multi-line texts. */
export const MAX_NAME_LENGTH = 200;

/** What the connector owns on a product. Everything else (images, categories, ...) is left to the shop. */
export interface ProductFields {
  sku: string;
  name: string;
  description: string;
  regular_price: string;
  status: 'publish';
  salesUm: string;
}

/**
 * What one Part means for WooCommerce:
 * - `publish`: a web part that is active and priced; created when missing, updated when different;
 * - `withdraw`: a part that must not be sold on the web; only an existing product is touched
 *   (`draft` when it left the web catalog, `private` when Epicor marks it inactive);
 * - `unpriced`: a web part whose UnitPrice cannot be published (missing, 0, negative, too precise); reported,
 *   never created, and an existing product goes to `draft` so it is not sold on at its old price;
 * - `invalid`: cannot be mapped; skipped and reported, never silently dropped.
 */
export type PartPlan =
  | { kind: 'publish'; sku: string; fields: ProductFields; hash: string }
  | { kind: 'withdraw'; sku: string; status: 'draft' | 'private'; reason: string; hash: string }
  | { kind: 'unpriced'; sku: string; status: 'draft'; reason: string; hash: string }
  | { kind: 'invalid'; sku: string; reason: string };

/** The key a part is reported under: its trimmed PartNum (the SKU). */
export function partKey(part: Pick<EpicorPart, 'PartNum'>): string {
  return (part.PartNum ?? '').trim() || '(blank)';
}

export function planPart(part: EpicorPart): PartPlan {
  const sku = (part.PartNum ?? '').trim();
  if (!sku) return { kind: 'invalid', sku: partKey(part), reason: 'PartNum is blank' };

  // A part that is not for the web is withdrawn whatever its price: it must never stay purchasable.
  if (!part.WebPart) return withdraw(sku, 'draft', 'not a web part');
  if (part.InActive) return withdraw(sku, 'private', 'inactive in Epicor');

  const price = priceOf(part.UnitPrice);
  // Same hash as a draft withdraw: once drafted, the next cycle sees nothing left to do.
  if (!price.ok) return { kind: 'unpriced', sku, status: 'draft', reason: price.reason, hash: contentHash({ sku, status: 'draft' }) };

  const description = (part.PartDescription ?? '').trim();
  const fields: ProductFields = {
    sku,
    name: nameOf(description, sku),
    description,
    regular_price: price.value,
    status: 'publish',
    salesUm: (part.SalesUM ?? '').trim(),
  };
  return { kind: 'publish', sku, fields, hash: contentHash(fields) };
}

function withdraw(sku: string, status: 'draft' | 'private', reason: string): PartPlan {
  return { kind: 'withdraw', sku, status, reason, hash: contentHash({ sku, status }) };
}

/** First line of the description, bounded; the SKU when Epicor has no description. */
function nameOf(description: string, sku: string): string {
  const firstLine = description.split(/\r?\n/)[0].trim();
  if (!firstLine) return sku;
  return firstLine.length > MAX_NAME_LENGTH ? `${firstLine.slice(0, MAX_NAME_LENGTH - 1)}…` : firstLine;
}

type PriceResult = { ok: true; value: string } | { ok: false; reason: string };

/** Exact decimal text from Epicor's UnitPrice. Zero means "not priced" in Epicor, so it is not published at 0.00. */
export function priceOf(unitPrice: EpicorPart['UnitPrice']): PriceResult {
  if (unitPrice === null || unitPrice === undefined || unitPrice === '') return { ok: false, reason: 'no UnitPrice' };
  let minor: bigint;
  try {
    minor = toMinor(unitPrice, PRICE_DECIMALS);
  } catch (err) {
    return { ok: false, reason: `invalid UnitPrice ${String(unitPrice)}: ${(err as Error).message}` };
  }
  if (minor < 0n) return { ok: false, reason: `negative UnitPrice ${String(unitPrice)}` };
  if (minor === 0n) return { ok: false, reason: 'UnitPrice is 0 (not priced)' };
  return { ok: true, value: formatDecimal(unitPrice, PRICE_DECIMALS) };
}

/** The WooCommerce body for a published part, with the hash that lets the next cycle skip it. */
export function productPayload(plan: Extract<PartPlan, { kind: 'publish' }>): Record<string, unknown> {
  const { salesUm, ...fields } = plan.fields;
  return {
    ...fields,
    meta_data: [
      { key: SALES_UM_META_KEY, value: salesUm },
      { key: SYNC_HASH_META_KEY, value: plan.hash },
    ],
  };
}

/** The WooCommerce body that withdraws a product (off the web, inactive, or no longer priced). */
export function withdrawPayload(plan: Extract<PartPlan, { kind: 'withdraw' | 'unpriced' }>): Record<string, unknown> {
  return { status: plan.status, meta_data: [{ key: SYNC_HASH_META_KEY, value: plan.hash }] };
}

/** The product as WooCommerce holds it, as far as the connector owns it. */
export interface WooProductView {
  name?: string;
  description?: string;
  regular_price?: string;
  status?: string;
  meta_data?: { key: string; value?: unknown }[];
}

/**
 * Which owned fields differ between what Epicor says and what WooCommerce actually holds. The nightly
 * reconcile uses this instead of the hash, because a product edited by hand in WooCommerce keeps its old hash.
 */
export function productDrift(plan: Exclude<PartPlan, { kind: 'invalid' }>, product: WooProductView): string[] {
  if (plan.kind === 'withdraw' || plan.kind === 'unpriced') return product.status === plan.status ? [] : ['status'];
  const f = plan.fields;
  const drift: string[] = [];
  if ((product.name ?? '') !== f.name) drift.push('name');
  if (stripTags(product.description ?? '') !== f.description) drift.push('description');
  if (!samePrice(product.regular_price, f.regular_price)) drift.push('regular_price');
  if (product.status !== f.status) drift.push('status');
  const um = product.meta_data?.find((m) => m.key === SALES_UM_META_KEY)?.value;
  if ((typeof um === 'string' ? um : '') !== f.salesUm) drift.push('sales_um');
  return drift;
}

function samePrice(a: string | undefined, b: string): boolean {
  try {
    return a !== undefined && a !== '' && toMinor(a, 6) === toMinor(b, 6);
  } catch {
    return false;
  }
}

/** WordPress may wrap plain text in paragraphs; compare the text only. */
function stripTags(html: string): string {
  return html
    .replace(/<\/?p>/g, '')
    .replace(/<br\s*\/?>/g, '')
    .trim();
}
