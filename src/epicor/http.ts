import { Agent, request } from 'undici';
import { errorFromTransport, type HttpMethod } from './errors';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** True for POST/PATCH/DELETE that may change data; decides whether a failure leaves the outcome unknown. */
  write: boolean;
  /** Short label for errors and logs (`GET Erp.BO.PartSvc/Parts`); the URL may carry filter values. */
  operation: string;
  /** This request's deadline when shorter than the pool's (what is left of an activity attempt). */
  timeoutMs?: number;
  /** Aborts the request (an activity's cancellation). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Keep-alive connection pool (one undici Pool per origin, inside an Agent, so an OAuth token server on
 * another host works too) with one deadline per request covering connect, headers and body.
 */
export class Http {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs: number, connections = 16) {
    this.agent = new Agent({
      connections,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: timeoutMs },
    });
  }

  /** Any HTTP status resolves; only transport failures (reset, refused, timeout) throw, as EpicorError. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = Math.min(req.timeoutMs ?? this.timeoutMs, this.timeoutMs);
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal: req.signal ? AbortSignal.any([deadline, req.signal]) : deadline,
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, text };
    } catch (err) {
      throw errorFromTransport(err, req.write, req.operation, timeoutMs);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
