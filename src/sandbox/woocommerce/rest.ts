import type { Context } from 'hono';
import { cannot, WooError } from './errors';
import { readParams, send, sendError } from './http';
import type { Params } from './params';

export type Permission = keyof typeof cannot;

/**
 * Wraps a route: parses params, runs the permission check the route has (an unauthenticated request gets the
 * route's `woocommerce_rest_cannot_*` 401) and turns thrown WooErrors into WordPress error responses.
 */
export function route(
  permission: Permission,
  fn: (c: Context, p: Params) => Promise<Response> | Response,
): (c: Context) => Promise<Response> {
  return async (c) => {
    try {
      const p = await readParams(c);
      if (!c.get('auth')?.userId) throw cannot[permission]();
      return await fn(c, p);
    } catch (e) {
      if (e instanceof WooError) return sendError(c, e);
      throw e;
    }
  };
}

export function idParam(c: Context, name = 'id'): number {
  return Number(c.req.param(name));
}

export { send };

/** The request's query string, for pagination links (add_query_arg( $request->get_query_params(), ... )). */
export function queryOf(c: Context): URLSearchParams {
  return new URL(c.req.url).searchParams;
}

export function isForce(p: Params): boolean {
  const f = p.force;
  return f === true || f === 'true' || f === '1' || f === 1;
}
