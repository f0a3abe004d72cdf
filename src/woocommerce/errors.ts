import { parseRetryAfter } from '../http/retry-after';

/**
 * One error type for everything the WooCommerce client can fail with. Activities branch on `category`
 * and `retryable`; Temporal does the retrying (the client never sleeps in a loop), so `retryAfterMs` is
 * only advice for the caller's retry policy.
 *
 * Nothing secret may end up here: messages are built from the method, the path WITHOUT its query string
 * (query-string auth and OAuth 1.0a put the key, secret or signature there) and WooCommerce's own
 * `code`/`message`. Transport errors are copied by name and code only; the undici error object (which can
 * carry request options) is never attached as `cause`.
 */
export type WooErrorCategory =
  | 'network'
  | 'timeout'
  | 'rate-limited'
  | 'unavailable'
  | 'auth'
  | 'validation'
  | 'not-found'
  | 'server'
  | 'unknown-outcome';

export interface WooErrorInit {
  message: string;
  category: WooErrorCategory;
  retryable: boolean;
  status?: number;
  code?: string;
  data?: unknown;
  retryAfterMs?: number;
  /** WooCommerce's own `message`, e.g. "Consumer secret is invalid." */
  remoteMessage?: string;
}

export class WooError extends Error {
  readonly status?: number;
  readonly code?: string;
  readonly data?: unknown;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly category: WooErrorCategory;
  readonly remoteMessage?: string;

  constructor(init: WooErrorInit) {
    super(init.message);
    this.name = 'WooError';
    this.category = init.category;
    this.retryable = init.retryable;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.data !== undefined) this.data = init.data;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.remoteMessage !== undefined) this.remoteMessage = init.remoteMessage;
  }

  /** Plain object for logs and Temporal failure details (Error fields are not enumerable). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      category: this.category,
      retryable: this.retryable,
      status: this.status,
      code: this.code,
      data: this.data,
      retryAfterMs: this.retryAfterMs,
      remoteMessage: this.remoteMessage,
    };
  }
}

export function isWooError(value: unknown): value is WooError {
  return value instanceof WooError;
}

/** WordPress REST error body (reference §6): `data` is usually `{status, ...}` but may be a bare number (§3.3). */
export interface WpErrorBody {
  code?: string;
  message?: string;
  data?: unknown;
}

export function readWpError(body: unknown): WpErrorBody {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const { code, message, data } = body as Record<string, unknown>;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    data,
  };
}

/** `data.status` when `data` is an object, the number itself when WordPress sent a bare integer. */
export function statusFromData(data: unknown): number | undefined {
  if (typeof data === 'number' && Number.isInteger(data)) return data;
  if (data && typeof data === 'object' && typeof (data as { status?: unknown }).status === 'number') {
    return (data as { status: number }).status;
  }
  return undefined;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface HttpFailure {
  method: string;
  path: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  now: number;
}

/**
 * Maps an HTTP error response. The status comes from the HTTP response, not from `data` (which can be a bare
 * number that disagrees with it, ref §3.3). A 500 on a write may have been applied before it failed, so it is
 * `unknown-outcome` and not retryable; on a read it is transient.
 */
export function fromHttpResponse(f: HttpFailure): WooError {
  const wp = readWpError(f.body);
  const detail = wp.code ? `${wp.code}: ${wp.message ?? ''}`.trim() : `HTTP ${f.status}`;
  const base = {
    message: `WooCommerce ${f.method} ${f.path} failed with HTTP ${f.status} (${detail})`,
    status: f.status,
    code: wp.code,
    data: wp.data,
    remoteMessage: wp.message,
  };
  const retryAfterMs = parseRetryAfter(f.headers['retry-after'], f.now);
  const isWrite = WRITE_METHODS.has(f.method.toUpperCase());

  // Some "not found" errors are raised with a bare-integer data and so arrive as HTTP 500 (ref §3.3).
  if (wp.code && /_invalid_(order_)?id$/.test(wp.code) && (f.status === 404 || f.status === 500) && !isWrite) {
    return new WooError({ ...base, category: 'not-found', retryable: false });
  }
  switch (f.status) {
    case 401:
    case 403:
      return new WooError({ ...base, category: 'auth', retryable: false });
    case 404:
    case 410:
      return new WooError({ ...base, category: 'not-found', retryable: false });
    case 408:
      return new WooError({ ...base, category: 'timeout', retryable: true });
    case 429:
      // wc/v3 has no limiter of its own; a 429 comes from the host or a WAF (ref §6, §3.7).
      return new WooError({ ...base, category: 'rate-limited', retryable: true, retryAfterMs });
    case 502:
    case 503:
    case 504:
      return new WooError({ ...base, category: 'unavailable', retryable: true, retryAfterMs });
  }
  if (f.status >= 500 && f.status !== 501) {
    return isWrite
      ? new WooError({ ...base, category: 'unknown-outcome', retryable: false })
      : new WooError({ ...base, category: 'server', retryable: true, retryAfterMs });
  }
  // 400, 409, 413 (batch too large), 501 (DELETE without force) and friends: the request itself is wrong.
  return new WooError({ ...base, category: 'validation', retryable: false });
}

/** Error element of a batch response (ref §3.6): no HTTP status of its own, so it comes from `data`. */
export function fromBatchItemError(resource: string, op: string, error: unknown): WooError {
  const wp = readWpError(error);
  const status = statusFromData(wp.data) ?? 400;
  const category: WooErrorCategory =
    status === 404 ? 'not-found' : status === 401 || status === 403 ? 'auth' : status >= 500 ? 'unknown-outcome' : 'validation';
  return new WooError({
    message: `WooCommerce ${resource} batch ${op} item failed (${wp.code ?? 'unknown'}: ${wp.message ?? ''})`.trim(),
    category,
    retryable: false,
    status,
    code: wp.code,
    data: wp.data,
    remoteMessage: wp.message,
  });
}

/**
 * Transport failures: connection refused/reset, DNS, TLS, our own deadline. Only the error's name and code are
 * used (see the header comment about secrets).
 */
export function fromTransportError(method: string, path: string, err: unknown, timedOut: boolean): WooError {
  if (timedOut) {
    return new WooError({ message: `WooCommerce ${method} ${path} timed out`, category: 'timeout', retryable: true });
  }
  const e = err as { name?: unknown; code?: unknown };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new WooError({ message: `WooCommerce ${method} ${path} timed out (${code})`, category: 'timeout', retryable: true, code });
  }
  return new WooError({
    message: `WooCommerce ${method} ${path} failed: network error (${code ?? name})`,
    category: 'network',
    retryable: true,
    code,
  });
}

