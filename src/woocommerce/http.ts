import { Pool } from 'undici';
import type { WooConfig } from '../config';
import type { Logger } from '../logger';
import { createSigner, encodeQuery, type QueryParams } from './auth';
import { WooError, fromHttpResponse, fromTransportError } from './errors';
import { requestTimeout, type RequestScope } from '../http/request-scope';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined>;

export interface WooResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export interface Http {
  request<T>(method: Method, path: string, opts?: { query?: Query; body?: unknown }): Promise<WooResponse<T>>;
  close(): Promise<void>;
}

/** The REST namespace under the store root (ref §3); the store may live in a sub-directory. */
export function apiRoot(baseUrl: string): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/wp-json/wc/v3`;
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * One undici pool per store. Every failure becomes a WooError whose message names the method and the path
 * only: the query string can carry the consumer key/secret or an OAuth signature (ref §5).
 */
export function createHttp(config: WooConfig, opts: { logger?: Logger; now: () => number; scope?: () => RequestScope | undefined }): Http {
  const root = apiRoot(config.baseUrl);
  const pool = new Pool(root.origin, { connections: 8 });
  const sign = createSigner(config, opts.now);

  async function request<T>(method: Method, path: string, o: { query?: Query; body?: unknown } = {}): Promise<WooResponse<T>> {
    const fullPath = `${root.pathname}${path.startsWith('/') || path === '' ? path : `/${path}`}`;
    const signed = sign(method, `${root.origin}${fullPath}`, cleanQuery(o.query));
    const qs = encodeQuery(signed.query);
    const headers: Record<string, string> = { accept: 'application/json', ...signed.headers };
    let body: string | undefined;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }

    const started = opts.now();
    const scope = opts.scope?.();
    const abort = new AbortController();
    let timedOut = false;
    // Inside an activity the request also ends before the attempt's start-to-close and with its cancellation.
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, Math.max(0, requestTimeout(config.timeoutMs, scope?.deadlineMs, started)));
    try {
      const res = await pool.request({
        method,
        path: qs ? `${fullPath}?${qs}` : fullPath,
        headers,
        body,
        signal: scope?.signal ? AbortSignal.any([abort.signal, scope.signal]) : abort.signal,
      });
      const text = await res.body.text();
      const flat = flattenHeaders(res.headers);
      const parsed = parseJson(text);
      opts.logger?.debug({ method, path, status: res.statusCode, ms: opts.now() - started }, 'woocommerce request');
      if (res.statusCode < 200 || res.statusCode >= 300) {
        throw fromHttpResponse({ method, path, status: res.statusCode, body: parsed.value, headers: flat, now: opts.now() });
      }
      if (!parsed.ok) {
        // A 2xx that is not JSON is a proxy or a broken plugin talking; for a write we cannot tell what happened.
        throw new WooError({
          message: `WooCommerce ${method} ${path} answered HTTP ${res.statusCode} with a body that is not JSON`,
          category: method === 'GET' ? 'server' : 'unknown-outcome',
          retryable: method === 'GET',
          status: res.statusCode,
        });
      }
      return { status: res.statusCode, headers: flat, body: parsed.value as T };
    } catch (err) {
      if (err instanceof WooError) throw err;
      const mapped = fromTransportError(method, path, err, timedOut);
      opts.logger?.warn({ method, path, category: mapped.category, code: mapped.code }, 'woocommerce request failed');
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  let closing: Promise<void> | undefined;
  // Idempotent: activities and the CLI may both close a shared client on shutdown.
  return { request, close: () => (closing ??= pool.close()) };
}

function cleanQuery(query: Query | undefined): QueryParams {
  const out: QueryParams = {};
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) out[k] = String(v);
  return out;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseJson(text: string): { ok: boolean; value: unknown } {
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: undefined };
  }
}
