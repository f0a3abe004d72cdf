/**
 * In-memory WooCommerce state. Ids follow WordPress: products, orders and refunds share one post-id sequence
 * (fixtures: products 11, 12, order 13, refund 14, product 15, order 16), users start at 2 (1 is the admin
 * owning the API key), order items and meta rows have their own sequences.
 */
export interface MetaEntry {
  id: number;
  key: string;
  value: unknown;
}

export interface Address {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone: string;
}

export type ProductType = 'simple' | 'variable' | 'variation' | 'grouped' | 'external';

export interface Product {
  id: number;
  parentId: number;
  type: ProductType;
  name: string;
  slug: string;
  status: string;
  featured: boolean;
  catalogVisibility: string;
  description: string;
  shortDescription: string;
  sku: string;
  regularPrice: string;
  salePrice: string;
  virtual: boolean;
  downloadable: boolean;
  taxStatus: string;
  taxClass: string;
  manageStock: boolean;
  stockQuantity: number | null;
  stockStatus: string;
  backorders: string;
  weight: string;
  totalSales: number;
  /** A variation's value (`option`); a variable product's custom attribute with every value (`options`). */
  attributes: { name: string; option: string; options?: string[]; variation?: boolean; visible?: boolean }[];
  menuOrder: number;
  meta: MetaEntry[];
  created: number;
  modified: number;
  /** status before trashing, so a restore knows where to go. */
  trashedFrom?: string;
}

export interface Customer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  username: string;
  role: string;
  billing: Address;
  shipping: Address;
  isPayingCustomer: boolean;
  meta: MetaEntry[];
  created: number;
  modified: number;
}

export interface ItemMeta {
  id: number;
  key: string;
  value: string;
}

export interface LineItem {
  id: number;
  name: string;
  productId: number;
  variationId: number;
  quantity: number;
  taxClass: string;
  subtotal: number; // cents
  total: number; // cents
  meta: ItemMeta[];
  /** unknown product (fixture rest_order_create_unknown_product_201): rendered with sku null, image id 0. */
  orphan: boolean;
}

export interface ShippingLine {
  id: number;
  methodTitle: string;
  methodId: string;
  instanceId: string;
  total: number;
  meta: ItemMeta[];
}

export interface FeeLine {
  id: number;
  name: string;
  total: number;
  meta: ItemMeta[];
}

export interface CouponLine {
  id: number;
  code: string;
  discount: number;
  discountType: string;
  nominalAmount: number;
  meta: ItemMeta[];
}

export interface Coupon {
  code: string;
  discountType: 'percent' | 'fixed_cart';
  /** percent as a whole number (10 = 10 %), fixed_cart in cents. */
  amount: number;
}

export interface Order {
  id: number;
  status: string;
  currency: string;
  version: string;
  created: number;
  modified: number;
  paid: number | null;
  completed: number | null;
  customerId: number;
  orderKey: string;
  billing: Address;
  shipping: Address;
  paymentMethod: string;
  paymentMethodTitle: string;
  transactionId: string;
  createdVia: string;
  customerNote: string;
  meta: MetaEntry[];
  lineItems: LineItem[];
  shippingLines: ShippingLine[];
  feeLines: FeeLine[];
  couponLines: CouponLine[];
  refundIds: number[];
  stockReduced: boolean;
  salesRecorded: boolean;
  trashedFrom?: string;
}

export interface Refund {
  id: number;
  orderId: number;
  created: number;
  amount: number; // cents, positive
  reason: string;
  refundedBy: number;
  refundedPayment: boolean;
  meta: MetaEntry[];
  lineItems: LineItem[];
}

export type WebhookStatus = 'active' | 'paused' | 'disabled';

export interface Webhook {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  deliveryUrl: string;
  secret: string;
  created: number;
  modified: number | null;
  userId: number;
  failureCount: number;
  pendingDelivery: boolean;
}

export function emptyAddress(withEmail: boolean): Address {
  const a: Address = {
    first_name: '',
    last_name: '',
    company: '',
    address_1: '',
    address_2: '',
    city: '',
    state: '',
    postcode: '',
    country: '',
    phone: '',
  };
  if (withEmail) a.email = '';
  return a;
}

/**
 * Products by id, with SKU and slug indexes kept on every set/delete, so a SKU look-up or a slug check costs
 * the same at 100,000 products as at 10. Stored products are never edited in place (updates store a copy).
 */
export class ProductMap extends Map<number, Product> {
  private readonly bySku = new Map<string, Set<number>>();
  private readonly bySlug = new Map<string, Set<number>>();
  private readonly indexed = new Map<number, { sku: string; slug: string }>();

  override set(id: number, product: Product): this {
    this.unindex(id);
    super.set(id, product);
    this.indexed.set(id, { sku: product.sku, slug: product.slug });
    add(this.bySku, product.sku, id);
    add(this.bySlug, product.slug, id);
    return this;
  }

  override delete(id: number): boolean {
    this.unindex(id);
    return super.delete(id);
  }

  override clear(): void {
    super.clear();
    this.bySku.clear();
    this.bySlug.clear();
    this.indexed.clear();
  }

  /** Products holding this SKU, in id order (the map's insertion order: ids only grow). */
  withSku(sku: string): Product[] {
    return this.lookup(this.bySku, sku).filter((p) => p.sku === sku);
  }

  withSlug(slug: string): Product[] {
    return this.lookup(this.bySlug, slug).filter((p) => p.slug === slug);
  }

  private lookup(index: Map<string, Set<number>>, key: string): Product[] {
    const ids = [...(index.get(key) ?? [])].sort((a, b) => a - b);
    return ids.map((id) => super.get(id)).filter((p): p is Product => p !== undefined);
  }

  private unindex(id: number): void {
    const was = this.indexed.get(id);
    if (!was) return;
    remove(this.bySku, was.sku, id);
    remove(this.bySlug, was.slug, id);
    this.indexed.delete(id);
  }
}

function add(index: Map<string, Set<number>>, key: string, id: number): void {
  const ids = index.get(key);
  if (ids) ids.add(id);
  else index.set(key, new Set([id]));
}

function remove(index: Map<string, Set<number>>, key: string, id: number): void {
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(id);
  if (!ids.size) index.delete(key);
}

export class Store {
  products = new ProductMap();
  customers = new Map<number, Customer>();
  orders = new Map<number, Order>();
  refunds = new Map<number, Refund>();
  webhooks = new Map<number, Webhook>();
  coupons = new Map<string, Coupon>();
  private postId = 10;
  private userId = 1;
  private itemId = 0;
  private metaId = 0;
  private webhookId = 0;

  nextPostId = () => ++this.postId;
  nextUserId = () => ++this.userId;
  nextItemId = () => ++this.itemId;
  nextMetaId = () => ++this.metaId;
  nextWebhookId = () => ++this.webhookId;

  productBySku(sku: string, exceptId?: number): Product | undefined {
    if (!sku) return undefined;
    return this.products.withSku(sku).find((p) => p.id !== exceptId);
  }

  customerByEmail(email: string, exceptId?: number): Customer | undefined {
    const e = email.trim().toLowerCase();
    for (const c of this.customers.values()) if (c.email.toLowerCase() === e && c.id !== exceptId) return c;
    return undefined;
  }
}

/** WC_Data::update_meta_data(): by id if given, else the first entry with the key, else a new entry. */
export function applyMeta(store: Store, meta: MetaEntry[], input: unknown): void {
  if (!Array.isArray(input)) return;
  for (const m of input as { id?: number; key?: string; value?: unknown }[]) {
    if (!m || typeof m !== 'object' || typeof m.key !== 'string') continue;
    const existing = m.id ? meta.find((e) => e.id === Number(m.id)) : meta.find((e) => e.key === m.key);
    if (existing) {
      existing.key = m.key;
      existing.value = m.value;
    } else meta.push({ id: store.nextMetaId(), key: m.key, value: m.value });
  }
}
