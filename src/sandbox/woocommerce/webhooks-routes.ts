import type { Hono } from 'hono';
import type { Ctx } from './context';
import { viewFor } from './context';
import { err } from './errors';
import { includeExclude, sorter } from './filters';
import { paginate } from './pagination';
import { optEnum, type Params } from './params';
import { applyWebhookUpdate, newWebhook, renderWebhook, webhookOr404 } from './webhooks';
import type { Deliveries } from './delivery';
import { idParam, isForce, queryOf, route, send } from './rest';
import type { Webhook } from './store';

const BASE = '/wp-json/wc/v3/webhooks';

export function listWebhooks(ctx: Ctx, p: Params): Webhook[] {
  const status = optEnum(p, 'status', ['all', 'active', 'paused', 'disabled'] as const) ?? 'all';
  return [...ctx.store.webhooks.values()]
    .filter((w) => status === 'all' || w.status === status)
    .filter(includeExclude<Webhook>(p))
    .sort(sorter<Webhook>(p, { date: (w) => w.created, id: (w) => w.id, title: (w) => w.name, include: (w) => w.id }, 'date', 'desc'));
}

export function registerWebhookRoutes(app: Hono, ctx: Ctx, deliveries: Deliveries): void {
  const view = () => viewFor(ctx, 'view', true);
  const edit = () => viewFor(ctx, 'edit', true);

  app.get(BASE, route('list', (c, p) => {
    const page = paginate(listWebhooks(ctx, p), p, `${view().restRoot}wc/v3/webhooks`, queryOf(c));
    return send(c, 200, page.items.map((w) => renderWebhook(ctx, w, view())), page.headers);
  }));
  app.post(BASE, route('create', async (c, p) => {
    const webhook = newWebhook(ctx, p, c.get('auth').userId ?? 1);
    const body = renderWebhook(ctx, webhook, edit());
    // deliver_ping() runs inside the request; its result is ignored: still 201 (reference 1.6).
    await deliveries.ping(webhook);
    return send(c, 201, body, { Location: `${view().restRoot}wc/v3/webhooks/${webhook.id}` });
  }));
  app.get(`${BASE}/:id{[0-9]+}`, route('view', (c) => send(c, 200, renderWebhook(ctx, webhookOr404(ctx, idParam(c)), view()))));
  for (const m of ['post', 'put', 'patch'] as const) {
    app[m](`${BASE}/:id{[0-9]+}`, route('edit', async (c, p) => {
      const webhook = webhookOr404(ctx, idParam(c), 400);
      const { urlChanged } = applyWebhookUpdate(ctx, webhook, p);
      await deliveries.afterSave(webhook, urlChanged);
      return send(c, 200, renderWebhook(ctx, webhook, edit()));
    }));
  }
  app.delete(`${BASE}/:id{[0-9]+}`, route('delete', (c, p) => {
    if (!isForce(p)) throw err('woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.', 501);
    const webhook = webhookOr404(ctx, idParam(c));
    const body = renderWebhook(ctx, webhook, edit());
    ctx.store.webhooks.delete(webhook.id);
    return send(c, 200, body);
  }));
}
