import type { Ctx, View } from './context';
import { err } from './errors';
import { formatGmt, formatLocal } from './dates';
import { normalisePrice, toCents, formatCents, isDecimal } from './money';
import { optBool, optEnum, optInt, optString, type Params } from './params';
import { applyMeta, type Product, type ProductType } from './store';

export const PRODUCT_STATUSES = ['draft', 'pending', 'private', 'publish', 'future'] as const;
const TYPES = ['simple', 'grouped', 'external', 'variable'] as const;
const VISIBILITY = ['visible', 'catalog', 'search', 'hidden'] as const;
const BACKORDERS = ['no', 'notify', 'yes'] as const;
const STOCK_STATUS = ['instock', 'outofstock', 'onbackorder'] as const;
const UNCATEGORIZED = { id: 15, name: 'Uncategorized', slug: 'uncategorized' };

/** sanitize_title(): accents removed, everything else to dashes ("Café Crème Mug – 350 ml" -> "cafe-creme-mug-350-ml"). */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function uniqueSlug(ctx: Ctx, base: string, selfId: number): string {
  const taken = (s: string) => ctx.store.products.withSlug(s).some((p) => p.id !== selfId);
  if (!base || !taken(base)) return base;
  let n = 2;
  while (taken(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** wc_product_generate_unique_sku(): "SKU-1", "SKU-2", ... (fixture rest_error_400_duplicate_sku). */
function uniqueSku(ctx: Ctx, sku: string): string {
  let n = 1;
  while (ctx.store.productBySku(`${sku}-${n}`)) n++;
  return `${sku}-${n}`;
}

export function blankProduct(ctx: Ctx, type: ProductType, parentId = 0): Product {
  const now = ctx.now();
  return {
    id: 0,
    parentId,
    type,
    name: '',
    slug: '',
    status: 'publish',
    featured: false,
    catalogVisibility: 'visible',
    description: '',
    shortDescription: '',
    sku: '',
    regularPrice: '',
    salePrice: '',
    virtual: false,
    downloadable: false,
    taxStatus: 'taxable',
    taxClass: type === 'variation' ? 'parent' : '',
    manageStock: false,
    stockQuantity: null,
    stockStatus: 'instock',
    backorders: 'no',
    weight: '',
    totalSales: 0,
    attributes: [],
    menuOrder: 0,
    meta: [],
    created: now,
    modified: now,
  };
}

function priceParam(p: Params, name: string): string | undefined {
  const v = optString(p, name);
  if (v === undefined) return undefined;
  if (v !== '' && !isDecimal(v)) return '';
  return normalisePrice(v);
}

/**
 * WC_REST_Products_Controller::prepare_object_for_database() for the fields a connector uses. Throws WooError.
 * Stock fields only count when the store option woocommerce_manage_stock is on (reference 3.4).
 */
export function applyProductInput(ctx: Ctx, product: Product, p: Params, creating: boolean): void {
  const type = product.type === 'variation' ? undefined : optEnum(p, 'type', TYPES);
  if (type) product.type = type;
  const name = optString(p, 'name');
  if (name !== undefined) product.name = name;
  const status = optEnum(p, 'status', PRODUCT_STATUSES);
  if (status) product.status = status;
  const vis = optEnum(p, 'catalog_visibility', VISIBILITY);
  if (vis) product.catalogVisibility = vis;
  const featured = optBool(p, 'featured');
  if (featured !== undefined) product.featured = featured;
  const description = optString(p, 'description');
  if (description !== undefined) product.description = description;
  const short = optString(p, 'short_description');
  if (short !== undefined) product.shortDescription = short;
  const slug = optString(p, 'slug');
  if (slug !== undefined) product.slug = slugify(slug);
  const virtual = optBool(p, 'virtual');
  if (virtual !== undefined) product.virtual = virtual;
  const downloadable = optBool(p, 'downloadable');
  if (downloadable !== undefined) product.downloadable = downloadable;
  const weight = optString(p, 'weight');
  if (weight !== undefined) product.weight = weight;
  const taxStatus = optEnum(p, 'tax_status', ['taxable', 'shipping', 'none'] as const);
  if (taxStatus) product.taxStatus = taxStatus;
  const taxClass = optString(p, 'tax_class');
  if (taxClass !== undefined) product.taxClass = taxClass;
  const menuOrder = optInt(p, 'menu_order');
  if (menuOrder !== undefined) product.menuOrder = menuOrder;

  const regular = priceParam(p, 'regular_price');
  if (regular !== undefined) product.regularPrice = regular;
  const sale = priceParam(p, 'sale_price');
  if (sale !== undefined) product.salePrice = sale;
  // Variable and grouped products have no own price.
  if (product.type === 'variable' || product.type === 'grouped') product.regularPrice = product.salePrice = '';

  const stockStatus = optEnum(p, 'stock_status', STOCK_STATUS);
  const manage = optBool(p, 'manage_stock');
  const backorders = optEnum(p, 'backorders', BACKORDERS);
  const qty = optInt(p, 'stock_quantity');
  const delta = optInt(p, 'inventory_delta');
  if (ctx.settings.manageStock) {
    if (manage !== undefined) product.manageStock = manage;
    if (backorders) product.backorders = backorders;
    if (product.manageStock) {
      if (qty !== undefined) product.stockQuantity = qty;
      else if (delta !== undefined) product.stockQuantity = (product.stockQuantity ?? 0) + delta;
    } else {
      product.stockQuantity = null;
      if (stockStatus) product.stockStatus = stockStatus;
    }
  } else if (stockStatus && product.type !== 'variable') product.stockStatus = stockStatus;
  syncStockStatus(ctx, product);

  if (Array.isArray(p.attributes) && product.type === 'variation') {
    product.attributes = (p.attributes as { name?: string; option?: string }[]).map((a) => ({
      name: String(a.name ?? ''),
      option: String(a.option ?? ''),
    }));
  } else if (Array.isArray(p.attributes) && product.type === 'variable') {
    // Custom (non-taxonomy) attributes: WooCommerce keeps name, options and the variation/visible flags (slug = name, 9.9.5).
    product.attributes = (p.attributes as { name?: string; options?: unknown[]; variation?: boolean; visible?: boolean }[]).map((a) => ({
      name: String(a.name ?? ''),
      option: '',
      options: Array.isArray(a.options) ? a.options.map(String) : [],
      variation: a.variation === true,
      visible: a.visible !== false,
    }));
  }
  applyMeta(ctx.store, product.meta, p.meta_data);

  const sku = optString(p, 'sku');
  if (sku !== undefined) {
    const trimmed = sku.trim();
    const clash = ctx.store.productBySku(trimmed, product.id || -1);
    if (trimmed && clash) {
      // WC_Product::set_sku(): no woocommerce_rest_ prefix, data carries the upsert key (reference 3.4).
      throw err('product_invalid_sku', 'Invalid or duplicated SKU.', 400, {
        resource_id: clash.id,
        unique_sku: uniqueSku(ctx, trimmed),
      });
    }
    product.sku = trimmed;
  }
  if (creating && !product.slug) product.slug = slugify(product.name);
  product.slug = uniqueSlug(ctx, product.slug, product.id);
}

/** validate_props(): a managed product's stock status follows its quantity. */
export function syncStockStatus(ctx: Ctx, product: Product): void {
  if (!(ctx.settings.manageStock && product.manageStock) || product.type === 'variable') return;
  const qty = product.stockQuantity ?? 0;
  if (qty > 0) product.stockStatus = 'instock';
  else product.stockStatus = product.backorders === 'no' ? 'outofstock' : 'onbackorder';
}

export function isManagingStock(ctx: Ctx, product: Product): boolean {
  return ctx.settings.manageStock && product.manageStock;
}

export function activePrice(product: Product): string {
  return product.salePrice !== '' && isDecimal(product.salePrice) ? product.salePrice : product.regularPrice;
}

export function onSale(product: Product): boolean {
  return product.salePrice !== '' && product.regularPrice !== '' && toCents(product.salePrice) < toCents(product.regularPrice);
}

export function variationsOf(ctx: Ctx, parentId: number): Product[] {
  return [...ctx.store.products.values()].filter((p) => p.type === 'variation' && p.parentId === parentId);
}

function priceHtmlOf(ctx: Ctx, cents: number): string {
  const sym = ctx.settings.currencySymbol === '€' ? '&euro;' : ctx.settings.currencySymbol;
  return `<span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">${sym}</span>${formatCents(cents)}</bdi></span>`;
}

function priceHtml(ctx: Ctx, product: Product): string {
  if (product.type === 'variable') {
    const prices = variationsOf(ctx, product.id)
      .map(activePrice)
      .filter((x) => x !== '')
      .map(toCents);
    if (!prices.length) return '';
    const lo = Math.min(...prices);
    const hi = Math.max(...prices);
    return lo === hi ? priceHtmlOf(ctx, lo) : `${priceHtmlOf(ctx, lo)} &ndash; ${priceHtmlOf(ctx, hi)}`;
  }
  const price = activePrice(product);
  if (price === '') return '';
  if (onSale(product)) {
    return `<del aria-hidden="true">${priceHtmlOf(ctx, toCents(product.regularPrice))}</del> <span class="screen-reader-text">Original price was: ${formatCents(toCents(product.regularPrice))}.</span><ins aria-hidden="true">${priceHtmlOf(ctx, toCents(price))}</ins><span class="screen-reader-text">Current price is: ${formatCents(toCents(price))}.</span>`;
  }
  return priceHtmlOf(ctx, toCents(price));
}

/** wpautop() for the common case: in `view` context descriptions come back wrapped (fixture rest_product_get_200). */
export function wpautop(text: string): string {
  if (!text.trim()) return '';
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((para) => `<p>${para.trim().replace(/\n/g, '<br />\n')}</p>\n`)
    .join('');
}

/** Key order and types as WC_REST_Products_Controller::get_product_data() (fixtures rest_product_*). */
export function renderProduct(ctx: Ctx, product: Product, view: View): Record<string, unknown> {
  const dates = (s: number) => [formatLocal(s, ctx.settings.timezone), formatGmt(s)] as const;
  const [created, createdGmt] = dates(product.created);
  const [modified, modifiedGmt] = dates(product.modified);
  const managing = isManagingStock(ctx, product);
  const price = product.type === 'variable' ? variablePrice(ctx, product) : activePrice(product);
  const parent = product.parentId ? ctx.store.products.get(product.parentId) : undefined;
  const related = relatedIds(ctx, product);
  const out: Record<string, unknown> = {
    id: product.id,
    name: product.type === 'variation' && parent ? variationName(parent, product) : product.name,
    slug: product.slug,
    permalink: `${view.site}product/${product.type === 'variation' && parent ? parent.slug : product.slug}/`,
    date_created: created,
    date_created_gmt: createdGmt,
    date_modified: modified,
    date_modified_gmt: modifiedGmt,
    type: product.type,
    status: product.status,
    featured: product.featured,
    catalog_visibility: product.catalogVisibility,
    description: view.context === 'view' ? wpautop(product.description) : product.description,
    short_description: view.context === 'view' ? wpautop(product.shortDescription) : product.shortDescription,
    sku: product.sku,
    price,
    regular_price: product.regularPrice,
    sale_price: product.salePrice,
    date_on_sale_from: null,
    date_on_sale_from_gmt: null,
    date_on_sale_to: null,
    date_on_sale_to_gmt: null,
    on_sale: onSale(product),
    // is_purchasable(): published or editable by the viewer (the key owner is an admin) and priced.
    purchasable: price !== '',
    total_sales: product.totalSales,
    virtual: product.virtual,
    downloadable: product.downloadable,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    external_url: '',
    button_text: '',
    tax_status: product.taxStatus,
    tax_class: product.taxClass,
    manage_stock: managing,
    stock_quantity: product.stockQuantity,
    backorders: product.backorders,
    backorders_allowed: product.backorders !== 'no',
    backordered: managing && (product.stockQuantity ?? 0) < 0 && product.backorders !== 'no',
    low_stock_amount: null,
    sold_individually: false,
    weight: product.weight,
    dimensions: { length: '', width: '', height: '' },
    shipping_required: !product.virtual,
    shipping_taxable: !product.virtual && product.taxStatus !== 'none',
    shipping_class: '',
    shipping_class_id: 0,
    reviews_allowed: true,
    average_rating: '0',
    rating_count: 0,
    upsell_ids: [],
    cross_sell_ids: [],
    parent_id: product.parentId,
    purchase_note: '',
    categories: [UNCATEGORIZED],
    brands: [],
    tags: [],
    images: [],
    attributes: product.attributes.map((a, i) =>
      a.options
        ? { id: 0, name: a.name, slug: a.name, position: i, visible: a.visible !== false, variation: a.variation === true, options: a.options }
        : { id: 0, name: a.name, slug: slugify(a.name), option: a.option },
    ),
    default_attributes: [],
    variations: product.type === 'variable' ? variationsOf(ctx, product.id).map((v) => v.id) : [],
    grouped_products: [],
    menu_order: product.menuOrder,
    price_html: priceHtml(ctx, product),
    related_ids: related,
    meta_data: product.meta.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    stock_status: product.stockStatus,
    has_options: product.type === 'variable',
    post_password: '',
    global_unique_id: '',
  };
  if (view.context === 'edit') {
    out.permalink_template = `${view.site}product/%pagename%/`;
    out.generated_slug = product.slug;
  }
  const self = `${view.restRoot}wc/v3/products/${product.id}`;
  out._links = {
    self: [{ href: self, targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] } }],
    collection: [{ href: `${view.restRoot}wc/v3/products` }],
    ...(product.parentId ? { up: [{ href: `${view.restRoot}wc/v3/products/${product.parentId}` }] } : {}),
  };
  return out;
}

/** The first five other published products: stops at five rather than walking the whole catalog per product. */
function relatedIds(ctx: Ctx, product: Product): number[] {
  const ids: number[] = [];
  for (const p of ctx.store.products.values()) {
    if (ids.length === 5) break;
    if (p.id !== product.id && p.type !== 'variation' && p.status === 'publish') ids.push(p.id);
  }
  return ids;
}

function variablePrice(ctx: Ctx, product: Product): string {
  const prices = variationsOf(ctx, product.id)
    .map(activePrice)
    .filter((x) => x !== '');
  if (!prices.length) return '';
  return prices.reduce((a, b) => (toCents(b) < toCents(a) ? b : a));
}

function variationName(parent: Product, v: Product): string {
  const opts = v.attributes.map((a) => a.option).filter(Boolean);
  return opts.length ? `${parent.name} - ${opts.join(', ')}` : parent.name;
}

/** Create or update through the same rules as the REST controller; fires product.created / product.updated. */
export function createProduct(ctx: Ctx, p: Params, parentId = 0): Product {
  if (p.id !== undefined && p.id !== null && p.id !== 0) {
    throw err('woocommerce_rest_product_exists', 'Cannot create existing product.', 400);
  }
  const product = blankProduct(ctx, parentId ? 'variation' : 'simple', parentId);
  applyProductInput(ctx, product, p, true);
  const parent = parentId ? ctx.store.products.get(parentId) : undefined;
  if (parent && !product.slug) product.slug = slugify(variationName(parent, product));
  product.id = ctx.store.nextPostId();
  ctx.store.products.set(product.id, product);
  ctx.fire('product.created', product.id);
  return product;
}

export function updateProduct(ctx: Ctx, product: Product, p: Params): Product {
  const copy = structuredClone(product);
  applyProductInput(ctx, copy, p, false);
  copy.modified = ctx.now();
  ctx.store.products.set(copy.id, copy);
  ctx.fire('product.updated', copy.id);
  return copy;
}

/** GET/PUT on /products/{id}: a variation id is refused here (reference 3.4). */
export function productOr404(ctx: Ctx, id: number, status = 404, allowTrash = true): Product {
  const product = ctx.store.products.get(id);
  if (!product || (!allowTrash && product.status === 'trash')) {
    throw err('woocommerce_rest_product_invalid_id', 'Invalid ID.', status);
  }
  if (product.type === 'variation') {
    throw err(
      'woocommerce_rest_invalid_product_id',
      'To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.',
      404,
    );
  }
  return product;
}
