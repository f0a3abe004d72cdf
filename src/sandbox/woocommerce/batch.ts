import type { Context } from 'hono';
import type { Ctx } from './context';
import { err, WooError } from './errors';
import { send } from './http';
import type { Params } from './params';
import { withLenientParams } from './params';

/**
 * POST|PUT|PATCH /{resource}/batch as WC_REST_Controller::batch_items() (reference 3.6): creates, then
 * updates, then deletes, each on its own (no transaction), HTTP 200 even when items fail; a failed item is
 * `{id, error:{code,message,data}}` with id 0 for creates. Over the limit (create+update+delete together)
 * -> 413 woocommerce_rest_request_entity_too_large. Items skip the per-route schema validation.
 */
export interface BatchOps {
  create(p: Params): unknown;
  update(id: number, p: Params): unknown;
  delete(id: number): unknown;
}

function asError(e: unknown) {
  if (!(e instanceof WooError)) throw e;
  return { code: e.code, message: e.message, data: e.data };
}

export function runBatch(ctx: Ctx, c: Context, p: Params, ops: BatchOps): Response {
  const create = Array.isArray(p.create) ? (p.create as Params[]) : [];
  const update = Array.isArray(p.update) ? (p.update as Params[]) : [];
  const del = Array.isArray(p.delete) ? (p.delete as unknown[]) : [];
  const limit = ctx.settings.batchLimit;
  if (create.length + update.length + del.length > limit) {
    const e = err('woocommerce_rest_request_entity_too_large', `Unable to accept more than ${limit} items for this request.`, 413);
    return send(c, 413, e.toJSON());
  }
  const out: Record<string, unknown[]> = {};
  if (p.create !== undefined) {
    out.create = create.map((item) => {
      try {
        return withLenientParams(() => ops.create(item));
      } catch (e) {
        return { id: 0, error: asError(e) };
      }
    });
  }
  if (p.update !== undefined) {
    out.update = update.map((item) => {
      const id = Number(item?.id ?? 0);
      try {
        return withLenientParams(() => ops.update(id, item));
      } catch (e) {
        return { id, error: asError(e) };
      }
    });
  }
  if (p.delete !== undefined) {
    out.delete = del
      .map((raw) => Number(typeof raw === 'object' && raw ? (raw as { id?: unknown }).id : raw))
      .filter((id) => id !== 0)
      .map((id) => {
        try {
          return ops.delete(id);
        } catch (e) {
          return { id, error: asError(e) };
        }
      });
  }
  return send(c, 200, out);
}
