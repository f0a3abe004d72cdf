import type { EpicorConfig } from '../config';
import { logger as defaultLogger, type Logger } from '../logger';
import { basicAuth, bearerAuth, type Auth } from './auth';
import { EpicorError, errorFromResponse, errorFromUpdateErrors, type HttpMethod } from './errors';
import { Http, header, type HttpRequest } from './http';
import { parseJson } from './json';
import { keyPath, methodParams, queryString, stableOrderBy, type ODataQuery } from './odata';
import { MIN_REQUEST_MS, requestTimeout, type RequestScope } from '../http/request-scope';
import { oauth2Fetcher, tokenResourceFetcher } from './tokens';

export interface EpicorClient {
  /** One GET of an entity set; returns `value`. */
  query<T = Record<string, unknown>>(service: string, entitySet: string, q?: ODataQuery): Promise<T[]>;
  /** Every matching row, page by page (see `PagesQuery`). */
  pages<T = Record<string, unknown>>(service: string, entitySet: string, q: PagesQuery): AsyncIterable<T[]>;
  /** GET `Set('<Company>',...key)`; 404 -> undefined. `key` excludes Company, the client adds it. */
  getByKey<T = Record<string, unknown>>(service: string, entitySet: string, key: (string | number)[]): Promise<T | undefined>;
  /** POST to an entity set (UpdateExt behind it) -> the 201 row. */
  create<T = Record<string, unknown>>(service: string, entitySet: string, row: Record<string, unknown>): Promise<T>;
  /** POST a business-object method, e.g. `MasterUpdate` with `{ds, ...}`. */
  call<P = any>(service: string, method: string, body: Record<string, unknown>): Promise<{ parameters: P; returnObj?: unknown }>;
  /** GET-style read-only methods (`GetByID?orderNum=5`), reference §2 "Custom methods". */
  callGet<R = any>(service: string, method: string, params: Record<string, string | number>): Promise<R>;
  close(): Promise<void>;
}

/**
 * `pageSize` ($top, default EPICOR_PAGE_SIZE) must not exceed what the server returns per request:
 * Epicor may silently cap pages (100 rows by default, reference §4), and a capped page looks like the
 * last one. A short page whose size is a round hundred is therefore confirmed with one more request.
 * `key` are the fields appended to `$orderby` for a stable order (default: known keys, else SysRowID).
 * `skip` is the starting offset; `top` is ignored (pageSize is each request's `$top`).
 */
export type PagesQuery = ODataQuery & { pageSize?: number; key?: string[] };

/** Entity keys without Company (constant inside a company URL); other sets fall back to SysRowID. */
export const ENTITY_KEYS: Record<string, string[]> = {
  Parts: ['PartNum'],
  PartWhses: ['PartNum', 'Plant', 'WarehouseCode'],
  Customers: ['CustNum'],
  ShipToes: ['CustNum', 'ShipToNum'],
  SalesOrders: ['OrderNum'],
  OrderDtls: ['OrderNum', 'OrderLine'],
  OrderRels: ['OrderNum', 'OrderLine', 'OrderRelNum'],
  RMAProcs: ['RMANum'],
  RMADtls: ['RMANum', 'RMALine'],
  InvcDtls: ['InvoiceNum', 'InvoiceLine'],
};

export interface EpicorClientOptions {
  logger?: Logger;
  now?: () => number;
  /** Deadline, cancellation and write tracking of the caller (an activity attempt); read once per request. */
  scope?: () => RequestScope | undefined;
}

export function createEpicorClient(config: EpicorConfig, opts: EpicorClientOptions = {}): EpicorClient {
  const log = (opts.logger ?? defaultLogger).child({ system: 'epicor' });
  const now = opts.now ?? Date.now;
  const http = new Http(config.timeoutMs);
  const settleMs = config.writeSettleMs ?? 0;
  const secrets = () =>
    [config.apiKey, config.password, config.oauth?.clientSecret, ...auth.secrets()].filter((s): s is string => !!s);
  const auth: Auth =
    config.auth === 'basic'
      ? basicAuth(config)
      : bearerAuth(
          (config.auth === 'token' ? tokenResourceFetcher : oauth2Fetcher)(config, http, secrets, now),
          now,
        );
  // reference §2: v2 URL with the company in the path.
  const root = `${config.baseUrl}/api/v2/odata/${encodeURIComponent(config.company)}`;
  const origin = new URL(config.baseUrl).origin;
  const fixedHeaders: Record<string, string> = {
    accept: 'application/json',
    'x-api-key': config.apiKey,
    // reference §3: CallSettings mainly for Plant on v2; License only when a GUID is configured.
    ...(config.plant ? { callsettings: JSON.stringify({ Company: config.company, Plant: config.plant }) } : {}),
    ...(config.license ? { license: JSON.stringify({ ClaimedLicense: config.license }) } : {}),
  };

  interface Sent {
    status: number;
    body: unknown;
  }

  /** One call, re-authenticating and retrying once on 401 (reference §11). Non-2xx except `okStatus` throws. */
  async function send(method: HttpMethod, url: string, operation: string, body?: unknown, okStatus: number[] = []): Promise<Sent> {
    const write = method !== 'GET';
    const payload = body === undefined ? undefined : JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    for (let attempt = 1; ; attempt++) {
      const authorization = await auth.authorization();
      const started = now();
      const res = await sendWithin(opts.scope?.(), {
        method,
        url,
        operation,
        write,
        body: payload,
        headers: { ...fixedHeaders, authorization, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      });
      log.debug({ operation, status: res.status, ms: now() - started }, 'epicor call');
      if (res.status === 401 && attempt === 1 && auth.invalidate(authorization)) continue;
      const parsed = parse(res.text, res.status, write, operation);
      if ((res.status >= 200 && res.status < 300) || okStatus.includes(res.status)) return { status: res.status, body: parsed };
      throw errorFromResponse({ write, operation, status: res.status, body: parsed, retryAfter: header(res, 'retry-after'), now: now(), secrets: secrets() });
    }
  }

  /**
   * One request inside the caller's deadline, aborted with it. A write is reported unsettled while it is in flight
   * and after its answer is lost (Epicor may still commit it), settled once answered, so a retry of the activity
   * knows how long to wait before it looks the write up (see guard in src/activities/orders/failures.ts).
   */
  async function sendWithin(scope: RequestScope | undefined, req: HttpRequest) {
    const timeoutMs = requestTimeout(config.timeoutMs, scope?.deadlineMs, now());
    if (timeoutMs < Math.min(MIN_REQUEST_MS, config.timeoutMs)) {
      throw new EpicorError(`Epicor ${req.operation} not sent: ${Math.max(0, timeoutMs)} ms left in this activity attempt`, {
        category: 'timeout',
        retryable: true,
        operation: req.operation,
        code: 'ATTEMPT_DEADLINE',
      });
    }
    if (req.write) scope?.unsettled?.(now() + timeoutMs + settleMs);
    try {
      const res = await http.send({ ...req, timeoutMs, signal: scope?.signal });
      // A gateway timeout is the gateway giving up, not Epicor: the write may still be running behind it.
      if (req.write && res.status === 504) scope?.unsettled?.(now() + settleMs);
      else if (req.write) scope?.settled?.();
      return res;
    } catch (err) {
      if (req.write) {
        if (err instanceof EpicorError && err.outcomeUnknown) scope?.unsettled?.(now() + settleMs);
        else scope?.settled?.();
      }
      throw err;
    }
  }

  function parse(text: string, status: number, write: boolean, operation: string): unknown {
    if (!text.trim()) return undefined;
    try {
      return parseJson(text);
    } catch {
      if (status < 200 || status >= 300) return undefined; // an HTML error page: the status says enough
      throw new EpicorError(`Epicor ${operation} answered HTTP ${status} with a body that is not JSON`, {
        category: write ? 'unknown-outcome' : 'server',
        retryable: !write,
        status,
        operation,
        outcomeUnknown: write || undefined,
      });
    }
  }

  const path = (service: string, rest: string) => `${root}/${segments(service)}/${rest}`;
  const rowsOf = <T>(body: unknown, operation: string): T[] => {
    const value = (body as { value?: unknown } | undefined)?.value;
    if (Array.isArray(value)) return value as T[];
    throw new EpicorError(`Epicor ${operation} answered without a "value" array`, { category: 'server', retryable: true, operation });
  };

  async function query<T>(service: string, entitySet: string, q: ODataQuery = {}): Promise<T[]> {
    const qs = queryString(q);
    const operation = `GET ${service}/${entitySet}`;
    const { body } = await send('GET', path(service, segments(entitySet)) + (qs ? `?${qs}` : ''), operation);
    return rowsOf<T>(body, operation);
  }

  async function* pages<T>(service: string, entitySet: string, q: PagesQuery): AsyncGenerator<T[]> {
    const pageSize = q.pageSize ?? config.pageSize;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new TypeError(`pageSize must be a positive integer, got ${pageSize}`);
    const { pageSize: _p, key, ...base } = q;
    const orderBy = stableOrderBy(q.orderBy, key ?? ENTITY_KEYS[entitySet] ?? ['SysRowID']);
    const operation = `GET ${service}/${entitySet}`;
    let skip = q.skip ?? 0;
    let url: string | undefined;
    let chunkRows = 0; // rows since the last $skip request (a nextLink chain counts as one chunk)
    let warned = false;
    for (;;) {
      if (!url) {
        url = `${path(service, segments(entitySet))}?${queryString({ ...base, orderBy, top: pageSize, skip })}`;
        chunkRows = 0;
      }
      const { body } = await send('GET', url, operation);
      const rows = rowsOf<T>(body, operation);
      if (rows.length === 0) return;
      yield rows;
      skip += rows.length;
      chunkRows += rows.length;
      const next = (body as Record<string, unknown>)['@odata.nextLink'];
      // reference §4: nextLink is in no source; follow it when present, else page with $skip.
      if (typeof next === 'string' && next) {
        url = sameOriginLink(next, url, origin, operation);
        continue;
      }
      url = undefined;
      if (chunkRows >= pageSize) continue;
      // A short page ends paging, unless its size is a round hundred: then it is more likely a silent
      // server cap (reference §4: 100 by default) than the end, and one more request confirms it.
      if (chunkRows % 100 !== 0) return;
      if (!warned) log.warn({ operation, pageSize, got: chunkRows }, 'Epicor returned fewer rows than $top; it may cap pages, lower EPICOR_PAGE_SIZE');
      warned = true;
    }
  }

  async function getByKey<T>(service: string, entitySet: string, key: (string | number)[]): Promise<T | undefined> {
    const operation = `GET ${service}/${entitySet}(key)`;
    const { status, body } = await send('GET', path(service, keyPath(segments(entitySet), [config.company, ...key])), operation, undefined, [404]);
    return status === 404 ? undefined : (body as T);
  }

  async function create<T>(service: string, entitySet: string, row: Record<string, unknown>): Promise<T> {
    const { body } = await send('POST', path(service, segments(entitySet)), `POST ${service}/${entitySet}`, row);
    return body as T;
  }

  async function call<P>(service: string, method: string, body: Record<string, unknown>): Promise<{ parameters: P; returnObj?: unknown }> {
    const operation = `POST ${service}/${method}`;
    const res = (await send('POST', path(service, segments(method)), operation, body)).body as
      | { parameters?: Record<string, unknown>; returnObj?: unknown }
      | undefined;
    const parameters = (res?.parameters ?? {}) as Record<string, unknown>;
    const updErrors = (res?.returnObj as { BOUpdError?: unknown } | undefined)?.BOUpdError;
    // reference §5: UpdateExt answers 200 with errorsOccurred / BOUpdError rows for per-row failures.
    if (parameters.errorsOccurred === true || (Array.isArray(updErrors) && updErrors.length > 0)) {
      throw errorFromUpdateErrors(operation, Array.isArray(updErrors) ? updErrors : [], secrets());
    }
    return { parameters: parameters as P, ...(res && 'returnObj' in res ? { returnObj: res.returnObj } : {}) };
  }

  async function callGet<R>(service: string, method: string, params: Record<string, string | number>): Promise<R> {
    const qs = methodParams(params);
    const { body } = await send('GET', path(service, segments(method)) + (qs ? `?${qs}` : ''), `GET ${service}/${method}`);
    return body as R;
  }

  return { query, pages, getByKey, create, call, callGet, close: () => http.close() };
}

/**
 * A next-page link resolved against the page it came from. The client attaches the API key and credentials to
 * every request, so a link to any origin but EPICOR_BASE_URL's (a proxy's rewrite, a hostile answer) is refused.
 */
function sameOriginLink(next: string, from: string, origin: string, operation: string): string {
  const url = new URL(next, from);
  if (url.origin === origin) return url.toString();
  throw new EpicorError(`Epicor ${operation} answered with an @odata.nextLink to ${url.origin}, not ${origin}; credentials are sent to EPICOR_BASE_URL's origin only`, {
    category: 'server',
    retryable: false,
    operation,
  });
}

/** Encodes each path segment but keeps `/` (BAQs are `BaqSvc/<BAQID>/Data`). */
function segments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
