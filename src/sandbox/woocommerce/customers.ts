import { createHash } from 'node:crypto';
import type { Ctx, View } from './context';
import { err, missingParams } from './errors';
import { formatGmt, formatLocal } from './dates';
import { optString, type Params } from './params';
import { applyMeta, emptyAddress, type Address, type Customer } from './store';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const BILLING_ORDER = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'postcode', 'country', 'state', 'email', 'phone'];
const SHIPPING_ORDER = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'postcode', 'country', 'state', 'phone'];

export function mergeAddress(target: Address, input: unknown): void {
  if (!input || typeof input !== 'object') return;
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (k in target && typeof v === 'string') (target as unknown as Record<string, string>)[k] = v;
  }
}

/** Customer endpoints order address keys differently from orders (fixture rest_customer_*). */
function ordered(a: Address, keys: string[]): Record<string, string> {
  const src = a as unknown as Record<string, string>;
  return Object.fromEntries(keys.map((k) => [k, src[k] ?? '']));
}

/** wc_create_new_customer_username(): the e-mail's local part, made unique. */
function usernameFor(ctx: Ctx, email: string): string {
  const base = email.split('@')[0].toLowerCase().replace(/[^a-z0-9._-]/g, '') || 'customer';
  const taken = (u: string) => [...ctx.store.customers.values()].some((c) => c.username === u);
  if (!taken(base)) return base;
  let n = 1;
  while (taken(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** REST create: `role` is read-only there (always customer); seeds may pass another role. */
export function createCustomer(ctx: Ctx, p: Params, role = 'customer'): Customer {
  if (p.id !== undefined && p.id !== null && p.id !== 0) {
    throw err('woocommerce_rest_customer_exists', 'Cannot create existing resource.', 400);
  }
  const email = optString(p, 'email');
  if (email === undefined) throw missingParams(['email']);
  if (!EMAIL.test(email.trim())) {
    throw err('registration-error-invalid-email', 'Please provide a valid email address.', 400);
  }
  // WordPress users have unique e-mails (reference 3.5); the code is what a client should match on.
  if (ctx.store.customerByEmail(email)) {
    throw err(
      'registration-error-email-exists',
      `An account is already registered with ${email.trim()}. Please log in or use a different email address.`,
      400,
    );
  }
  const requested = optString(p, 'username');
  if (requested && [...ctx.store.customers.values()].some((c) => c.username === requested)) {
    throw err('registration-error-username-exists', 'An account is already registered with that username. Please choose another.', 400);
  }
  const now = ctx.now();
  const customer: Customer = {
    id: ctx.store.nextUserId(),
    email: email.trim(),
    firstName: '',
    lastName: '',
    username: requested || usernameFor(ctx, email.trim()),
    role,
    billing: emptyAddress(true),
    shipping: emptyAddress(false),
    isPayingCustomer: false,
    meta: [],
    created: now,
    modified: now,
  };
  applyCustomerFields(ctx, customer, p);
  // wc_create_new_customer() generates a password when none is sent and flags it (seen on a real store).
  if (!optString(p, 'password')) customer.meta.unshift({ id: ctx.store.nextMetaId(), key: 'default_password_nag', value: '1' });
  ctx.store.customers.set(customer.id, customer);
  // user_register / woocommerce_created_customer: any role (reference 2.1).
  ctx.fire('customer.created', customer.id);
  return customer;
}

function applyCustomerFields(ctx: Ctx, customer: Customer, p: Params): void {
  const first = optString(p, 'first_name');
  if (first !== undefined) customer.firstName = first;
  const last = optString(p, 'last_name');
  if (last !== undefined) customer.lastName = last;
  mergeAddress(customer.billing, p.billing);
  mergeAddress(customer.shipping, p.shipping);
  applyMeta(ctx.store, customer.meta, publicMeta(p.meta_data));
}

/**
 * The customers REST controller bypasses "internal" keys: a meta key starting with `_` is dropped on write and
 * hidden on read (class-wc-rest-customers-v2-controller.php; seen on a real 9.9.5 store).
 */
const isProtectedKey = (key: unknown): boolean => typeof key === 'string' && key.startsWith('_');

function publicMeta(input: unknown): unknown {
  return Array.isArray(input) ? input.filter((m) => !(m && typeof m === 'object' && isProtectedKey((m as { key?: unknown }).key))) : input;
}

export function updateCustomer(ctx: Ctx, customer: Customer, p: Params): Customer {
  const copy = structuredClone(customer);
  const email = optString(p, 'email');
  if (email !== undefined && email.trim().toLowerCase() !== customer.email.toLowerCase()) {
    if (!EMAIL.test(email.trim()) || ctx.store.customerByEmail(email, customer.id)) {
      throw err('woocommerce_rest_customer_invalid_email', 'Email address is invalid.', 400);
    }
    copy.email = email.trim();
  }
  const username = optString(p, 'username');
  if (username !== undefined && username !== customer.username) {
    throw err('woocommerce_rest_customer_invalid_argument', "Username isn't editable.", 400);
  }
  applyCustomerFields(ctx, copy, p);
  copy.modified = ctx.now();
  ctx.store.customers.set(copy.id, copy);
  ctx.fire('customer.updated', copy.id);
  return copy;
}

export function customerOrError(ctx: Ctx, id: number, status = 404): Customer {
  const c = ctx.store.customers.get(id);
  if (!c) throw err('woocommerce_rest_invalid_id', 'Invalid resource ID.', status);
  return c;
}

/** Key order as fixture rest_customer_create_201 (V3 has no orders_count/total_spent). */
export function renderCustomer(ctx: Ctx, c: Customer, view: View): Record<string, unknown> {
  const tz = ctx.settings.timezone;
  const hash = createHash('sha256').update(c.email.trim().toLowerCase()).digest('hex');
  return {
    id: c.id,
    date_created: formatLocal(c.created, tz),
    date_created_gmt: formatGmt(c.created),
    date_modified: formatLocal(c.modified, tz),
    date_modified_gmt: formatGmt(c.modified),
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    role: c.role,
    username: c.username,
    billing: ordered(c.billing, BILLING_ORDER),
    shipping: ordered(c.shipping, SHIPPING_ORDER),
    is_paying_customer: c.isPayingCustomer,
    avatar_url: `https://secure.gravatar.com/avatar/${hash}?s=96&d=mm&r=g`,
    meta_data: c.meta.filter((m) => !isProtectedKey(m.key)).map((m) => ({ id: m.id, key: m.key, value: m.value })),
    _links: {
      self: [
        { href: `${view.restRoot}wc/v3/customers/${c.id}`, targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] } },
      ],
      collection: [{ href: `${view.restRoot}wc/v3/customers` }],
    },
  };
}
