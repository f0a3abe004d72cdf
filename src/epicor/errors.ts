import { parseRetryAfter } from '../http/retry-after';

/**
 * Typed Epicor errors. Epicor publishes no transient-error list (reference §7), so the split below is the
 * client policy from reference §11: network trouble, 408, 429, 502-504 and 500 on reads can pass on
 * their own; business errors, 404 and a second 401 cannot; a 500 on a write may have been applied.
 */
export type EpicorErrorCategory =
  | 'network'
  | 'timeout'
  | 'rate-limited'
  | 'unavailable'
  | 'auth'
  | 'business'
  | 'not-found'
  | 'unknown-outcome'
  | 'server';

/** One entry of Epicor's `ErrorDetails[]` (reference §7 [S]). */
export interface EpicorErrorDetail {
  message: string;
  type?: string;
  table?: string;
  field?: string;
}

export interface EpicorErrorInit {
  category: EpicorErrorCategory;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  errorType?: string;
  correlationId?: string;
  details?: EpicorErrorDetail[];
  /** `GET Erp.BO.PartSvc/Parts`: where it failed, never a query string or header. */
  operation?: string;
  /** Transport code such as ECONNRESET or UND_ERR_HEADERS_TIMEOUT. */
  code?: string;
  /** True when a write may or may not have been applied (timeout or reset after sending, 500 on a write). */
  outcomeUnknown?: boolean;
}

/**
 * Carries only plain, pre-scrubbed data: no `cause`, no headers, no request object, so logging or
 * serialising it can never leak a credential.
 */
export class EpicorError extends Error {
  readonly category: EpicorErrorCategory;
  readonly retryable: boolean;
  declare readonly status?: number;
  declare readonly retryAfterMs?: number;
  declare readonly errorType?: string;
  declare readonly correlationId?: string;
  declare readonly details?: EpicorErrorDetail[];
  declare readonly operation?: string;
  declare readonly code?: string;
  declare readonly outcomeUnknown?: boolean;

  constructor(message: string, init: EpicorErrorInit) {
    super(message);
    this.name = 'EpicorError';
    this.category = init.category;
    this.retryable = init.retryable;
    // Only define what is known, so JSON output stays short and obvious.
    for (const key of ['status', 'retryAfterMs', 'errorType', 'correlationId', 'details', 'operation', 'code', 'outcomeUnknown'] as const) {
      if (init[key] !== undefined) (this as Record<string, unknown>)[key] = init[key];
    }
  }
}

export function isEpicorError(err: unknown): err is EpicorError {
  return err instanceof EpicorError;
}

/** Replaces every secret value in free text (Epicor may echo a header back in ErrorMessage). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}


export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ErrorResponse {
  /** POST/PATCH/DELETE that may change data (a token request is a POST but not a write). */
  write: boolean;
  operation: string;
  status: number;
  body: unknown;
  retryAfter?: string;
  now: number;
  secrets: readonly string[];
}

/** Builds the typed error for a non-2xx Epicor answer (body shape from reference §7/§9C). */
export function errorFromResponse(r: ErrorResponse): EpicorError {
  const body = (r.body && typeof r.body === 'object' ? r.body : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? scrub(v.trim(), r.secrets) : undefined);
  const errorType = text(body.ErrorType);
  const correlationId = text(body.CorrelationId);
  const details = Array.isArray(body.ErrorDetails)
    ? body.ErrorDetails.filter((d): d is Record<string, unknown> => !!d && typeof d === 'object').map((d) => ({
        message: text(d.Message) ?? '',
        type: text(d.Type),
        table: text(d.Table),
        field: text(d.Field),
      }))
    : undefined;
  const serverMessage = text(body.ErrorMessage) ?? text(body.Message) ?? text(body.message) ?? text(body.ReasonPhrase);
  const base = { status: r.status, errorType, correlationId, details, operation: r.operation };
  const say = (what: string) =>
    `Epicor ${r.operation} failed with HTTP ${r.status}: ${serverMessage ?? what}` +
    (correlationId ? ` (correlation id ${correlationId})` : '');

  switch (true) {
    case r.status === 400 || r.status === 409 || r.status === 422:
      return new EpicorError(say('request rejected'), { ...base, category: 'business', retryable: false });
    case r.status === 401 || r.status === 403:
      return new EpicorError(say('API key or credentials rejected'), { ...base, category: 'auth', retryable: false });
    case r.status === 404 || r.status === 410:
      return new EpicorError(say('not found'), { ...base, category: 'not-found', retryable: false });
    case r.status === 408:
      return new EpicorError(say('request timeout'), { ...base, category: 'timeout', retryable: true, outcomeUnknown: r.write || undefined });
    case r.status === 429:
      return new EpicorError(say('too many requests'), {
        ...base,
        category: 'rate-limited',
        retryable: true,
        retryAfterMs: parseRetryAfter(r.retryAfter, r.now),
      });
    case r.status === 502 || r.status === 503 || r.status === 504:
      return new EpicorError(say('server unavailable'), {
        ...base,
        category: 'unavailable',
        retryable: true,
        retryAfterMs: parseRetryAfter(r.retryAfter, r.now),
        // A gateway timeout on a write may still have reached Epicor.
        outcomeUnknown: (r.status === 504 && r.write) || undefined,
      });
    case r.status === 500 && r.write:
      // Epicor reports BPM and business exceptions as 500 too (reference §7/§11): a blind retry could
      // duplicate work or fail forever, so the caller must look the record up before trying again.
      return new EpicorError(say('internal error'), { ...base, category: 'unknown-outcome', retryable: false, outcomeUnknown: true });
    case r.status >= 500:
      return new EpicorError(say('internal error'), { ...base, category: 'server', retryable: r.status === 500 });
    default:
      return new EpicorError(say('unexpected status'), { ...base, category: 'business', retryable: false });
  }
}

/** `UpdateExt` can answer 200 with per-row failures (reference §5, SWAG). */
export function errorFromUpdateErrors(operation: string, rows: unknown[], secrets: readonly string[]): EpicorError {
  const details = rows
    .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
    .map((r) => ({
      message: scrub(String(r.ErrorText ?? r.ErrorMessage ?? 'error'), secrets),
      type: typeof r.ErrorType === 'string' ? r.ErrorType : undefined,
      table: typeof r.TableName === 'string' ? r.TableName : undefined,
    }));
  const summary = details.map((d) => (d.table ? `${d.table}: ${d.message}` : d.message)).join('; ') || 'errorsOccurred is true';
  return new EpicorError(`Epicor ${operation} reported errors: ${summary}`, {
    category: 'business',
    retryable: false,
    status: 200,
    errorType: 'BOUpdError',
    details,
    operation,
  });
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
/** The request never left this process or never reached a server: a write cannot have been applied. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Maps an undici/socket/abort failure to a typed error, keeping only its code and a generic message. */
export function errorFromTransport(err: unknown, write: boolean, operation: string, timeoutMs: number): EpicorError {
  const e = (err ?? {}) as { name?: string; code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  const outcomeUnknown = (write && !(code && NOT_SENT_CODES.has(code))) || undefined;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || (code && TIMEOUT_CODES.has(code))) {
    return new EpicorError(`Epicor ${operation} timed out after ${timeoutMs} ms`, {
      category: 'timeout',
      retryable: true,
      operation,
      code: code ?? 'TIMEOUT',
      outcomeUnknown,
    });
  }
  return new EpicorError(`Epicor ${operation} failed: ${describeNetwork(code)}`, {
    category: 'network',
    retryable: true,
    operation,
    code: code ?? 'NETWORK',
    outcomeUnknown,
  });
}

function describeNetwork(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running and the URL right?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the server';
    default:
      return `network error${code ? ` ${code}` : ''}`;
  }
}
