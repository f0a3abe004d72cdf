import type { Hono } from 'hono';
import type { Ctx } from './context';
import { viewFor } from './context';
import { err } from './errors';
import { dateFilter, includeExclude, sorter } from './filters';
import { paginate } from './pagination';
import { optEnum, optInt, optString, type Params } from './params';
import { createProduct, productOr404, renderProduct, updateProduct, variationsOf, PRODUCT_STATUSES } from './products';
import { runBatch, type BatchOps } from './batch';
import { idParam, isForce, queryOf, route, send } from './rest';
import type { Product } from './store';

const BASE = '/wp-json/wc/v3/products';

export function productOps(ctx: Ctx, parentId = 0): BatchOps & { get(id: number): Product } {
  const edit = () => viewFor(ctx, 'edit', true);
  const get = (id: number) => {
    if (!parentId) return productOr404(ctx, id);
    const v = ctx.store.products.get(id);
    if (!v || v.parentId !== parentId) throw err('woocommerce_rest_product_variation_invalid_id', 'Invalid ID.', 404);
    return v;
  };
  return {
    get,
    create: (p) => {
      if (parentId) productOr404(ctx, parentId);
      return renderProduct(ctx, createProduct(ctx, p, parentId), edit());
    },
    update: (id, p) => {
      let current: Product;
      try {
        current = get(id);
      } catch (e) {
        // PUT on an unknown id is a 400, not a 404 (reference 3.4).
        throw err(parentId ? 'woocommerce_rest_product_variation_invalid_id' : 'woocommerce_rest_product_invalid_id', 'Invalid ID.', 400);
      }
      return renderProduct(ctx, updateProduct(ctx, current, p), edit());
    },
    delete: (id) => deleteProduct(ctx, get(id), true),
  };
}

/** DELETE: trash unless force (products support trash); trashing fires product.deleted ({id} body). */
function deleteProduct(ctx: Ctx, product: Product, force: boolean): unknown {
  const rendered = renderProduct(ctx, product, viewFor(ctx, 'edit', true));
  if (force) {
    for (const v of variationsOf(ctx, product.id)) ctx.store.products.delete(v.id);
    ctx.store.products.delete(product.id);
    // A permanent delete has no hook in the topic map: no product.deleted (reference 2.1, UNCONFIRMED).
    return rendered;
  }
  if (product.status === 'trash') {
    throw err('woocommerce_rest_already_trashed', 'The product has already been deleted.', 410);
  }
  product.trashedFrom = product.status;
  product.status = 'trash';
  product.modified = ctx.now();
  ctx.fire('product.deleted', product.id);
  return renderProduct(ctx, product, viewFor(ctx, 'edit', true));
}

export function listProducts(ctx: Ctx, p: Params, parentId?: number): Product[] {
  const skus = optString(p, 'sku');
  const skuList = skus ? skus.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const status = optEnum(p, 'status', ['any', 'trash', ...PRODUCT_STATUSES] as const) ?? 'any';
  const type = optEnum(p, 'type', ['simple', 'grouped', 'external', 'variable'] as const);
  const search = optString(p, 'search')?.toLowerCase();
  const parent = optInt(p, 'parent');
  const byDate = dateFilter<Product>(ctx, p, (x) => x.created, (x) => x.modified);
  const ids = includeExclude<Product>(p);
  // ?sku= reads only the products holding those SKUs (in id order, the map's order), not the whole catalog.
  const candidates = skuList.length ? [...new Set(skuList)].flatMap((sku) => ctx.store.products.withSku(sku)).sort((a, b) => a.id - b.id) : [...ctx.store.products.values()];
  return candidates
    .filter((x) => {
      // ?sku= also searches product_variation posts; otherwise variations only under /variations.
      if (parentId !== undefined) return x.type === 'variation' && x.parentId === parentId;
      return x.type !== 'variation' || skuList.length > 0;
    })
    .filter((x) => !skuList.length || skuList.includes(x.sku))
    .filter((x) => (status === 'any' ? x.status !== 'trash' : x.status === status))
    .filter((x) => !type || x.type === type)
    .filter((x) => !search || x.name.toLowerCase().includes(search))
    .filter((x) => parent === undefined || x.parentId === parent)
    .filter(byDate)
    .filter(ids)
    .sort(
      sorter<Product>(
        p,
        {
          date: (x) => x.created,
          id: (x) => x.id,
          include: (x) => x.id,
          title: (x) => x.name.toLowerCase(),
          slug: (x) => x.slug,
          modified: (x) => x.modified,
          menu_order: (x) => x.menuOrder,
        },
        parentId !== undefined ? 'menu_order' : 'date',
        parentId !== undefined ? 'asc' : 'desc',
      ),
    );
}

export function registerProductRoutes(app: Hono, ctx: Ctx): void {
  const ops = productOps(ctx);
  const view = () => viewFor(ctx, 'view', true);

  for (const m of ['post', 'put', 'patch'] as const) {
    app[m](`${BASE}/batch`, route('batch', (c, p) => runBatch(ctx, c, p, ops)));
    app[m](`${BASE}/:pid{[0-9]+}/variations/batch`, route('batch', (c, p) => runBatch(ctx, c, p, productOps(ctx, idParam(c, 'pid')))));
  }
  app.get(BASE, route('list', (c, p) => {
    const page = paginate(listProducts(ctx, p), p, `${view().restRoot}wc/v3/products`, queryOf(c));
    return send(c, 200, page.items.map((x) => renderProduct(ctx, x, view())), page.headers);
  }));
  app.post(BASE, route('create', (c, p) => {
    const body = ops.create(p) as { id: number };
    return send(c, 201, body, { Location: `${view().restRoot}wc/v3/products/${body.id}` });
  }));
  app.get(`${BASE}/:id{[0-9]+}`, route('view', (c) => send(c, 200, renderProduct(ctx, ops.get(idParam(c)), view()))));
  for (const m of ['post', 'put', 'patch'] as const) {
    app[m](`${BASE}/:id{[0-9]+}`, route('edit', (c, p) => send(c, 200, ops.update(idParam(c), p))));
  }
  app.delete(`${BASE}/:id{[0-9]+}`, route('delete', (c, p) => send(c, 200, deleteProduct(ctx, ops.get(idParam(c)), isForce(p)))));

  // Variations: minimal CRUD so variable products (and `?sku=` returning variations) can be exercised.
  const VAR = `${BASE}/:pid{[0-9]+}/variations`;
  app.get(VAR, route('list', (c, p) => {
    const pid = idParam(c, 'pid');
    productOr404(ctx, pid);
    const page = paginate(listProducts(ctx, p, pid), p, `${view().restRoot}wc/v3/products/${pid}/variations`, queryOf(c));
    return send(c, 200, page.items.map((x) => renderProduct(ctx, x, view())), page.headers);
  }));
  app.post(VAR, route('create', (c, p) => send(c, 201, productOps(ctx, idParam(c, 'pid')).create(p))));
  app.get(`${VAR}/:id{[0-9]+}`, route('view', (c) =>
    send(c, 200, renderProduct(ctx, productOps(ctx, idParam(c, 'pid')).get(idParam(c)), view()))));
  for (const m of ['post', 'put', 'patch'] as const) {
    app[m](`${VAR}/:id{[0-9]+}`, route('edit', (c, p) => send(c, 200, productOps(ctx, idParam(c, 'pid')).update(idParam(c), p))));
  }
  app.delete(`${VAR}/:id{[0-9]+}`, route('delete', (c) => {
    const v = productOps(ctx, idParam(c, 'pid')).get(idParam(c));
    const body = renderProduct(ctx, v, viewFor(ctx, 'edit', true));
    ctx.store.products.delete(v.id);
    return send(c, 200, body);
  }));
}
