import type { Context } from 'hono';
import { WooError } from './errors';
import { phpJsonEncode } from './php-json';
import type { Params } from './params';

export const JSON_TYPE = 'application/json; charset=UTF-8';

/** Every REST body is PHP-encoded (wp_json_encode), same bytes as the real store. */
export function send(c: Context, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const fields = new URL(c.req.url).searchParams.get('_fields');
  const shaped = fields && status < 300 ? onlyFields(body, fields.split(',').map((f) => f.trim())) : body;
  return c.newResponse(phpJsonEncode(shaped), status as 200, { 'Content-Type': JSON_TYPE, ...headers });
}

/**
 * WordPress core's global `_fields` parameter (`rest_filter_response_fields()`): keeps only the named top-level
 * keys of each item (nested `a.b` names keep their top-level key), for every REST route.
 */
function onlyFields(body: unknown, fields: string[]): unknown {
  const keep = new Set(fields.map((f) => f.split('.')[0]));
  const pick = (item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([k]) => keep.has(k)))
      : item;
  return Array.isArray(body) ? body.map(pick) : pick(body);
}

export function sendError(c: Context, e: WooError): Response {
  return send(c, e.status, e.toJSON(), e.headers);
}

/** WP_REST_Request parameter precedence: JSON body over form body over query string. */
export async function readParams(c: Context): Promise<Params> {
  const url = new URL(c.req.url);
  const query: Params = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    if (key.endsWith('[]')) query[key.slice(0, -2)] = all;
    else query[key] = all[all.length - 1];
  }
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return query;
  const type = c.req.header('content-type') ?? '';
  const raw = await c.req.text();
  if (!raw.trim()) return query;
  if (type.includes('application/x-www-form-urlencoded')) {
    return { ...query, ...Object.fromEntries(new URLSearchParams(raw)) };
  }
  if (type.includes('json') || raw.trim().startsWith('{') || raw.trim().startsWith('[')) {
    try {
      const body = JSON.parse(raw);
      return body && typeof body === 'object' && !Array.isArray(body) ? { ...query, ...body } : query;
    } catch (e) {
      throw new WooError('rest_invalid_json', 'Invalid JSON body passed.', {
        status: 400,
        json_error_code: 4,
        json_error_message: 'Syntax error',
      });
    }
  }
  return query;
}
