import { WooError } from './errors';
import { runBatch, type BatchItemResult, type BatchResource } from './batch';
import type { Http } from './http';
import { parseAs } from './parse';
import { productSchema, type CustomerWrite, type ProductWrite, type WooCustomer, type WooProduct } from './types';

export type UpsertResult<T> =
  | { ok: true; item: T; action: 'created' | 'updated' }
  | { ok: false; error: WooError; input: unknown };

/** A create that failed because the natural key exists, turned into an update of `id` (or given up with `error`). */
type Resolution = { index: number; update: { id: number } & Record<string, unknown> } | { index: number; error: WooError };

/**
 * Creates items without `id`, updates items with one, then retries each create that failed only because
 * its natural key already exists as an update of the existing record. Never creates twice: a replayed
 * activity whose first run already created the record ends up updating it.
 */
async function upsert<T, W extends { id?: number }>(
  http: Http,
  resource: BatchResource,
  items: W[],
  limit: number,
  resolve: (failed: { input: W; error: WooError; index: number }[]) => Promise<Resolution[]>,
): Promise<UpsertResult<T>[]> {
  const createIdx: number[] = [];
  const updateIdx: number[] = [];
  items.forEach((item, i) => (item.id === undefined ? createIdx : updateIdx).push(i));

  const first = await runBatch<T>(http, resource, {
    create: createIdx.map((i) => items[i]),
    update: updateIdx.map((i) => items[i] as { id: number } & Record<string, unknown>),
  }, limit);

  const results: UpsertResult<T>[] = new Array(items.length);
  const failedCreates: { input: W; error: WooError; index: number }[] = [];
  first.create.forEach((r, k) => {
    const index = createIdx[k];
    if (r.ok) results[index] = { ok: true, item: r.item, action: 'created' };
    else {
      results[index] = r;
      failedCreates.push({ input: items[index], error: r.error, index });
    }
  });
  first.update.forEach((r, k) => (results[updateIdx[k]] = withAction(r, 'updated')));

  const resolutions = failedCreates.length ? await resolve(failedCreates) : [];
  const retries = resolutions.filter((r): r is Extract<Resolution, { update: unknown }> => 'update' in r);
  for (const r of resolutions) if ('error' in r) results[r.index] = { ok: false, error: r.error, input: items[r.index] };
  if (retries.length) {
    const second = await runBatch<T>(http, resource, { update: retries.map((r) => r.update) }, limit);
    second.update.forEach((r, k) => (results[retries[k].index] = withAction(r, 'updated')));
  }
  return results;
}

function withAction<T>(r: BatchItemResult<T>, action: 'created' | 'updated'): UpsertResult<T> {
  return r.ok ? { ok: true, item: r.item, action } : r;
}

/**
 * `product_invalid_sku` carries the blocking product in `data.resource_id` (ref §3.4). It is re-read first, not
 * blindly updated: a variation cannot be written through /products (WooCommerce answers its id there with
 * 404 `woocommerce_rest_invalid_product_id`), and a product that vanished leaves the original error.
 */
export function upsertProducts(
  http: Http,
  items: ProductWrite[],
  limit: number,
  findBySku: (skus: string[]) => Promise<WooProduct[]>,
): Promise<UpsertResult<WooProduct>[]> {
  return upsert<WooProduct, ProductWrite>(http, 'products', items, limit, async (failed) => {
    const out: Resolution[] = [];
    for (const f of failed) {
      const existingId = f.error.code === 'product_invalid_sku' ? resourceId(f.error.data) : undefined;
      if (existingId === undefined) continue;
      try {
        const res = await http.request<unknown>('GET', `/products/${existingId}`);
        const existing = parseAs(productSchema, res.body, 'a product');
        out.push(existing.type === 'variation'
          ? { index: f.index, error: variationConflict(f.input.sku, existing.id, existing.parent_id) }
          : { index: f.index, update: { ...f.input, id: existing.id } });
      } catch (err) {
        if (!(err instanceof WooError) || err.category !== 'not-found') throw err;
        if (err.code === 'woocommerce_rest_invalid_product_id') {
          const variation = (await findBySku([f.input.sku])).find((p) => p.id === existingId);
          out.push({ index: f.index, error: variationConflict(f.input.sku, existingId, variation?.parent_id) });
        } // else: the product is gone; keep the original error
      }
    }
    return out;
  });
}

/**
 * `registration-error-email-exists` (ref §3.5): WordPress emails are unique across every role, so the existing
 * user is looked up with role=all and updated. Email, username and password are not sent again: the email is
 * the same, username is not editable, and for roles outside customer/subscriber those edits are refused.
 */
export function upsertCustomers(
  http: Http,
  items: CustomerWrite[],
  limit: number,
  findByEmail: (email: string) => Promise<WooCustomer | undefined>,
): Promise<UpsertResult<WooCustomer>[]> {
  return upsert<WooCustomer, CustomerWrite>(http, 'customers', items, limit, async (failed) => {
    const out: Resolution[] = [];
    for (const f of failed) {
      if (f.error.code !== 'registration-error-email-exists') continue;
      const existing = await findByEmail(f.input.email);
      if (!existing) continue;
      const { email: _email, username: _username, password: _password, ...rest } = f.input;
      out.push({ index: f.index, update: { ...rest, id: existing.id } });
    }
    return out;
  });
}

function resourceId(data: unknown): number | undefined {
  const id = data && typeof data === 'object' ? Number((data as { resource_id?: unknown }).resource_id) : NaN;
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

function variationConflict(sku: string, variationId: number, parentId: number | undefined): WooError {
  const parent = parentId ?? '<parent>';
  return new WooError({
    message: `SKU ${sku} belongs to variation ${variationId} of product ${parent}; variations are written through /products/${parent}/variations`,
    category: 'validation',
    retryable: false,
    status: 400,
    code: 'product_invalid_sku',
    data: { status: 400, resource_id: variationId, parent_id: parentId },
  });
}
