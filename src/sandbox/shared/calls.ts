import type { MiddlewareHandler } from 'hono';

/** Counts requests per "METHOD /path" so tests can assert how many remote calls a flow made. */
export class CallLog {
  private entries: { method: string; path: string; at: number }[] = [];

  middleware(skipPathPrefix = '/_admin'): MiddlewareHandler {
    return async (c, next) => {
      const path = new URL(c.req.url).pathname;
      if (!path.startsWith(skipPathPrefix)) this.entries.push({ method: c.req.method, path, at: Date.now() });
      await next();
    };
  }

  /** Number of calls whose method matches (if given) and whose path contains `pathPart`. */
  count(pathPart = '', method?: string): number {
    return this.entries.filter((e) => e.path.includes(pathPart) && (!method || e.method === method.toUpperCase()))
      .length;
  }

  all(): ReadonlyArray<{ method: string; path: string; at: number }> {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
