import { Hono } from 'hono';
import type { CallLog } from '../shared/calls';
import type { Faults } from '../shared/faults';
import { authMiddleware } from './auth';
import type { Ctx } from './context';
import { registerCouponRoutes } from './coupons-routes';
import { registerCustomerRoutes } from './customers-routes';
import type { Deliveries } from './delivery';
import { err } from './errors';
import { send, sendError } from './http';
import type { NonceStore } from './oauth1';
import { registerOrderRoutes } from './orders-routes';
import { registerProductRoutes } from './products-routes';
import { registerWebhookRoutes } from './webhooks-routes';

/** A fault answer shaped like WordPress: a fatal error is the "critical error" WP_Error, others generic. */
export function faultBody(status: number): unknown {
  if (status === 500) {
    return {
      code: 'internal_server_error',
      message:
        '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
      data: { status: 500 },
      additional_errors: [],
    };
  }
  return { code: `http_${status}`, message: `Injected HTTP ${status}`, data: { status } };
}

export interface AppParts {
  ctx: Ctx;
  faults: Faults;
  calls: CallLog;
  deliveries: Deliveries;
  nonces: NonceStore;
  registerAdmin(app: Hono): void;
}

export function buildApp(parts: AppParts): Hono {
  const { ctx, faults, calls, deliveries, nonces } = parts;
  const app = new Hono();
  app.use('*', calls.middleware());
  app.use('*', faults.middleware(faultBody));

  // `?rest_route=/wc/v3/...` reaches the same routes as /wp-json/wc/v3/... (reference 5).
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const restRoute = url.searchParams.get('rest_route');
    if (!restRoute || url.pathname.startsWith('/wp-json')) return next();
    url.searchParams.delete('rest_route');
    url.pathname = `/wp-json${restRoute}`;
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
    return app.fetch(new Request(url, { method, headers: c.req.raw.headers, body }), c.env);
  });

  parts.registerAdmin(app);

  app.use('/wp-json/wc/*', authMiddleware(ctx, nonces));
  app.get('/wp-json/wc/v3', (c) => send(c, 200, { namespace: 'wc/v3', routes: {} }));
  registerProductRoutes(app, ctx);
  registerCustomerRoutes(app, ctx);
  registerOrderRoutes(app, ctx);
  registerWebhookRoutes(app, ctx, deliveries);
  registerCouponRoutes(app, ctx);

  app.notFound((c) =>
    new URL(c.req.url).pathname.startsWith('/wp-json')
      ? sendError(c, err('rest_no_route', 'No route was found matching the URL and request method.', 404))
      : c.text('Not Found', 404),
  );
  return app;
}
