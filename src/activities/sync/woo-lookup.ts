import type { WooProduct } from '../../woocommerce';

/**
 * Products by SKU. `?sku=` also returns variations (reference §3.4); a variation is written through its
 * parent's endpoint, which this sync does not own, so a plain product wins when both exist.
 */
export function productsBySku(products: WooProduct[]): Map<string, WooProduct> {
  const bySku = new Map<string, WooProduct>();
  for (const p of products) {
    if (!p.sku) continue;
    const seen = bySku.get(p.sku);
    if (!seen || (seen.type === 'variation' && p.type !== 'variation')) bySku.set(p.sku, p);
  }
  return bySku;
}

/** Runs `fn` over items with at most `limit` in flight (one Woo lookup per customer email). */
export async function mapLimit<A, B>(items: A[], limit: number, fn: (a: A) => Promise<B>): Promise<B[]> {
  const out: B[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
