import type { WooClient, WooProduct } from '../../woocommerce';

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

/** SKUs per `?sku=a,b&status=trash` lookup, as for live products. */
const SKUS_PER_TRASH_LOOKUP = 50;

/**
 * Products in the WooCommerce trash by SKU. A trashed product keeps its SKU in WooCommerce's lookup table, so
 * no other product can be created with it (seen on 9.9.5: `woocommerce_rest_product_not_created`), and `?sku=`
 * without `status=trash` does not show it.
 */
export async function trashedBySku(woo: WooClient, skus: string[]): Promise<Map<string, { id: number; name: string }>> {
  const out = new Map<string, { id: number; name: string }>();
  const unique = [...new Set(skus.filter((s) => s !== '' && !s.includes(',')))];
  for (let i = 0; i < unique.length; i += SKUS_PER_TRASH_LOOKUP) {
    const query = { sku: unique.slice(i, i + SKUS_PER_TRASH_LOOKUP).join(','), status: 'trash', _fields: 'id,name,sku' };
    for await (const page of woo.pages<{ id: number; name?: string; sku?: string }>('/products', query)) {
      for (const p of page) if (p.sku) out.set(p.sku, { id: p.id, name: p.name ?? '' });
    }
  }
  return out;
}

/** What an owner reads when a trashed product blocks a part: what is wrong and what to do, in their words. */
export function trashedSkuMessage(sku: string, product: { id: number; name: string }): string {
  // Reports are cut at 300 characters; the product name is the only part of unbounded length.
  const name = product.name.length > 60 ? `${product.name.slice(0, 59)}…` : product.name;
  return (
    `not published: product #${product.id} "${name}" is in the WooCommerce trash and still holds this SKU. ` +
    'Restore it or delete it permanently (Products > Trash); the connector picks it up at the part\'s next change or the nightly reconcile'
  );
}
