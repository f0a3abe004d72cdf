import type { Hono } from 'hono';
import type { Ctx } from './context';
import { viewFor, wcMajor } from './context';
import { err } from './errors';
import { dateFilter, includeExclude, sorter } from './filters';
import { paginate } from './pagination';
import { list, optInt, optString, type Params } from './params';
import { invalidParam } from './errors';
import { createOrder, orderOr404, renderOrder, updateOrder, ORDER_STATUSES } from './orders';
import { createRefund, renderRefund } from './refunds';
import { runBatch, type BatchOps } from './batch';
import { dpOf, withDp } from './dp';
import { idParam, isForce, queryOf, route, send } from './rest';
import type { Order } from './store';

const BASE = '/wp-json/wc/v3/orders';
const STATUS_FILTER = ['any', 'trash', ...ORDER_STATUSES];

/** DELETE: orders go to the trash unless force; trashing fires order.deleted (body `{id}`). */
function deleteOrder(ctx: Ctx, order: Order, force: boolean): unknown {
  const rendered = renderOrder(ctx, order, viewFor(ctx, 'edit', true));
  if (force) {
    for (const id of order.refundIds) ctx.store.refunds.delete(id);
    ctx.store.orders.delete(order.id);
    return rendered; // no hook listens to a permanent delete (reference 2.1, UNCONFIRMED)
  }
  if (order.status === 'trash') throw err('woocommerce_rest_already_trashed', 'The shop_order has already been deleted.', 410);
  order.trashedFrom = order.status;
  order.status = 'trash';
  order.modified = ctx.now();
  ctx.fire('order.deleted', order.id);
  return renderOrder(ctx, order, viewFor(ctx, 'edit', true));
}

export function orderOps(ctx: Ctx): BatchOps {
  const edit = () => viewFor(ctx, 'edit', true);
  // 9.9.5 says "Invalid ID.", 11.0.1 "ID is invalid." for a bad id in a batch update (fixtures).
  const invalid400 = () =>
    err('woocommerce_rest_shop_order_invalid_id', wcMajor(ctx) >= 10 ? 'ID is invalid.' : 'Invalid ID.', 400);
  return {
    create: (p) => renderOrder(ctx, createOrder(ctx, p), edit()),
    update: (id, p) => {
      const order = ctx.store.orders.get(id);
      if (!order) throw invalid400();
      return renderOrder(ctx, updateOrder(ctx, order, p), edit());
    },
    delete: (id) => deleteOrder(ctx, orderOr404(ctx, id), true),
  };
}

export function listOrders(ctx: Ctx, p: Params): Order[] {
  const statuses = list(p.status);
  for (const s of statuses) {
    if (!STATUS_FILTER.includes(s)) {
      throw invalidParam('status', `status[0] is not one of ${STATUS_FILTER.join(', ')}.`, 'rest_not_in_enum');
    }
  }
  const wanted = statuses.length ? statuses : ['any'];
  const customer = optInt(p, 'customer');
  const product = optInt(p, 'product');
  const search = optString(p, 'search')?.toLowerCase();
  const byDate = dateFilter<Order>(ctx, p, (o) => o.created, (o) => o.modified);
  const ids = includeExclude<Order>(p);
  return [...ctx.store.orders.values()]
    .filter((o) =>
      wanted.some((s) => (s === 'any' ? o.status !== 'trash' && o.status !== 'checkout-draft' : o.status === s)),
    )
    .filter((o) => customer === undefined || o.customerId === customer)
    .filter((o) => product === undefined || o.lineItems.some((i) => i.productId === product || i.variationId === product))
    .filter((o) => !search || JSON.stringify([o.billing, o.shipping, o.lineItems.map((i) => i.name)]).toLowerCase().includes(search))
    .filter(byDate)
    .filter(ids)
    .sort(
      sorter<Order>(
        p,
        {
          date: (o) => o.created,
          id: (o) => o.id,
          include: (o) => o.id,
          title: (o) => o.id,
          slug: (o) => o.id,
          modified: (o) => o.modified,
        },
        'date',
        'desc',
      ),
    );
}

export function registerOrderRoutes(app: Hono, ctx: Ctx): void {
  const ops = orderOps(ctx);
  const view = () => viewFor(ctx, 'view', true);
  for (const m of ['post', 'put', 'patch'] as const) {
    app[m](`${BASE}/batch`, route('batch', (c, p) => runBatch(ctx, c, p, ops)));
  }
  app.get(BASE, route('list', (c, p) => {
    const page = paginate(listOrders(ctx, p), p, `${view().restRoot}wc/v3/orders`, queryOf(c));
    return send(c, 200, page.items.map((o) => withDp(renderOrder(ctx, o, view()), dpOf(p))), page.headers);
  }));
  app.post(BASE, route('create', (c, p) => {
    const body = ops.create(p) as { id: number };
    return send(c, 201, body, { Location: `${view().restRoot}wc/v3/orders/${body.id}` });
  }));
  app.get(`${BASE}/:id{[0-9]+}`, route('view', (c, p) => send(c, 200, withDp(renderOrder(ctx, orderOr404(ctx, idParam(c)), view()), dpOf(p)))));
  for (const m of ['post', 'put', 'patch'] as const) {
    app[m](`${BASE}/:id{[0-9]+}`, route('edit', (c, p) => {
      const order = orderOr404(ctx, idParam(c), 400);
      return send(c, 200, renderOrder(ctx, updateOrder(ctx, order, p), viewFor(ctx, 'edit', true)));
    }));
  }
  app.delete(`${BASE}/:id{[0-9]+}`, route('delete', (c, p) => send(c, 200, deleteOrder(ctx, orderOr404(ctx, idParam(c)), isForce(p)))));

  // Refunds (reference 3.3). Errors from create carry a bare number as data -> HTTP 500.
  const REF = `${BASE}/:id{[0-9]+}/refunds`;
  app.get(REF, route('list', (c, p) => {
    const order = ctx.store.orders.get(idParam(c));
    if (!order) throw err('woocommerce_rest_invalid_order_id', 'Invalid order ID.', 404);
    const refunds = order.refundIds.map((id) => ctx.store.refunds.get(id)!).filter(Boolean).sort((a, b) => b.id - a.id);
    const page = paginate(refunds, p, `${view().restRoot}wc/v3/orders/${order.id}/refunds`, queryOf(c));
    return send(c, 200, page.items.map((r) => renderRefund(ctx, r, view())), page.headers);
  }));
  app.post(REF, route('create', (c, p) => {
    const refund = createRefund(ctx, idParam(c), p);
    return send(c, 201, renderRefund(ctx, refund, viewFor(ctx, 'edit', true)), {
      Location: `${view().restRoot}wc/v3/orders/${refund.orderId}/refunds/${refund.id}`,
    });
  }));
  app.get(`${REF}/:rid{[0-9]+}`, route('view', (c) => {
    const refund = ctx.store.refunds.get(idParam(c, 'rid'));
    if (!refund || refund.orderId !== idParam(c)) throw err('woocommerce_rest_shop_order_refund_invalid_id', 'Invalid ID.', 404);
    return send(c, 200, renderRefund(ctx, refund, view()));
  }));
  app.delete(`${REF}/:rid{[0-9]+}`, route('delete', (c) => {
    const refund = ctx.store.refunds.get(idParam(c, 'rid'));
    if (!refund || refund.orderId !== idParam(c)) throw err('woocommerce_rest_shop_order_refund_invalid_id', 'Invalid ID.', 404);
    const body = renderRefund(ctx, refund, viewFor(ctx, 'edit', true));
    ctx.store.refunds.delete(refund.id);
    const order = ctx.store.orders.get(refund.orderId);
    if (order) order.refundIds = order.refundIds.filter((x) => x !== refund.id);
    // Refund deletion fires no webhook (reference 2.3: "Assume no webhook").
    return send(c, 200, body);
  }));
}
