import type { Hono } from 'hono';
import type { Ctx } from './context';
import { viewFor } from './context';
import { err } from './errors';
import { includeExclude, sorter } from './filters';
import { paginate } from './pagination';
import { optString, type Params } from './params';
import { createCustomer, customerOrError, renderCustomer, updateCustomer } from './customers';
import { runBatch, type BatchOps } from './batch';
import { idParam, isForce, queryOf, route, send } from './rest';
import type { Customer } from './store';

const BASE = '/wp-json/wc/v3/customers';

/** DELETE needs force=true (users have no trash); customer.deleted only for role customer (is_valid_user_action). */
function deleteCustomer(ctx: Ctx, id: number, force: boolean): unknown {
  if (!force) throw err('woocommerce_rest_trash_not_supported', 'Customers do not support trashing.', 501);
  const c = customerOrError(ctx, id, 400);
  const body = renderCustomer(ctx, c, viewFor(ctx, 'edit', true));
  if (c.role === 'customer') ctx.fire('customer.deleted', c.id);
  ctx.store.customers.delete(c.id);
  return body;
}

export function customerOps(ctx: Ctx): BatchOps {
  const edit = () => viewFor(ctx, 'edit', true);
  return {
    create: (p) => renderCustomer(ctx, createCustomer(ctx, p), edit()),
    update: (id, p) => renderCustomer(ctx, updateCustomer(ctx, customerOrError(ctx, id, 400), p), edit()),
    delete: (id) => deleteCustomer(ctx, id, true),
  };
}

/** `email` is exact (case-insensitive like MySQL); `role` defaults to customer, so other roles need role=all. */
export function listCustomers(ctx: Ctx, p: Params): Customer[] {
  const email = optString(p, 'email')?.trim().toLowerCase();
  const role = optString(p, 'role') ?? 'customer';
  const search = optString(p, 'search')?.toLowerCase();
  const ids = includeExclude<Customer>(p);
  return [...ctx.store.customers.values()]
    .filter((c) => !email || c.email.toLowerCase() === email)
    .filter((c) => role === 'all' || c.role === role)
    .filter((c) => !search || `${c.email} ${c.username} ${c.firstName} ${c.lastName}`.toLowerCase().includes(search))
    .filter(ids)
    .sort(
      sorter<Customer>(
        p,
        { id: (c) => c.id, include: (c) => c.id, name: (c) => c.username, registered_date: (c) => c.created },
        'name',
        'asc',
      ),
    );
}

export function registerCustomerRoutes(app: Hono, ctx: Ctx): void {
  const ops = customerOps(ctx);
  const view = () => viewFor(ctx, 'view', true);
  for (const m of ['post', 'put', 'patch'] as const) {
    app[m](`${BASE}/batch`, route('batch', (c, p) => runBatch(ctx, c, p, ops)));
  }
  app.get(BASE, route('list', (c, p) => {
    const page = paginate(listCustomers(ctx, p), p, `${view().restRoot}wc/v3/customers`, queryOf(c));
    return send(c, 200, page.items.map((x) => renderCustomer(ctx, x, view())), page.headers);
  }));
  app.post(BASE, route('create', (c, p) => {
    const body = ops.create(p) as { id: number };
    return send(c, 201, body, { Location: `${view().restRoot}wc/v3/customers/${body.id}` });
  }));
  app.get(`${BASE}/:id{[0-9]+}`, route('view', (c) => send(c, 200, renderCustomer(ctx, customerOrError(ctx, idParam(c)), view()))));
  for (const m of ['post', 'put', 'patch'] as const) {
    app[m](`${BASE}/:id{[0-9]+}`, route('edit', (c, p) => send(c, 200, ops.update(idParam(c), p))));
  }
  app.delete(`${BASE}/:id{[0-9]+}`, route('delete', (c, p) => send(c, 200, deleteCustomer(ctx, idParam(c), isForce(p)))));
}
