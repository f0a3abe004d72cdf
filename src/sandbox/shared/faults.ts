import type { Context, MiddlewareHandler } from 'hono';

/**
 * Fault injection shared by both simulators. A rule matches requests by method and path and then
 * delays them, answers with an error status, resets the TCP connection, or hangs (never answers,
 * until `hangMs` passes or the server closes), or commits late: `late-commit` holds the request for `latencyMs`
 * and then runs it, so a client that gave up meanwhile never hears that its write was applied. `after` lets the
 * first matching requests through; `times` bounds how many requests it hits; `rate` makes it probabilistic with
 * a seeded generator so a run is repeatable. A string `body` is sent as it is (an HTML page from a firewall).
 */
export interface FaultRule {
  id?: string;
  method?: string;
  /** Substring of the URL path, or a regular expression source when it starts with `^`. */
  path?: string;
  kind: 'latency' | 'status' | 'reset' | 'hang' | 'late-commit';
  latencyMs?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  rate?: number;
  times?: number;
  hangMs?: number;
  /** Matching requests let through before the rule starts hitting. */
  after?: number;
}

interface ActiveRule extends FaultRule {
  id: string;
  hits: number;
  passed: number;
}

export class Faults {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private seed: number;

  constructor(seed = 42) {
    this.seed = seed;
  }

  add(rule: FaultRule): string {
    const id = rule.id ?? `fault-${this.nextId++}`;
    this.rules.push({ ...rule, id, hits: 0, passed: 0 });
    return id;
  }

  remove(id: string): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): ReadonlyArray<ActiveRule> {
    return this.rules;
  }

  /** Mulberry32: deterministic so a fault scenario replays the same way. */
  private random(): number {
    let t = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  match(method: string, path: string): ActiveRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path) {
        const hit = rule.path.startsWith('^') ? new RegExp(rule.path).test(path) : path.includes(rule.path);
        if (!hit) continue;
      }
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (rule.after !== undefined && rule.passed < rule.after) {
        rule.passed++;
        continue;
      }
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.hits++;
      return rule;
    }
    return undefined;
  }

  /** Hono middleware; `errorBody` shapes an injected error like the simulated system would. */
  middleware(errorBody: (status: number) => unknown, skipPathPrefix = '/_admin'): MiddlewareHandler {
    return async (c, next) => {
      const path = new URL(c.req.url).pathname;
      if (path.startsWith(skipPathPrefix)) return next();
      const rule = this.match(c.req.method, path);
      if (!rule) return next();
      switch (rule.kind) {
        case 'latency':
          await sleep(rule.latencyMs ?? 0);
          return next();
        case 'status': {
          const status = rule.status ?? 500;
          if (typeof rule.body === 'string') return c.newResponse(rule.body, status as 500, { 'content-type': 'text/html; charset=utf-8', ...rule.headers });
          return c.newResponse(JSON.stringify(rule.body ?? errorBody(status)), status as 500, {
            'content-type': 'application/json; charset=utf-8',
            ...rule.headers,
          });
        }
        case 'late-commit':
          // Read now: the body must still be there when the handler runs after the client has hung up.
          await c.req.arrayBuffer();
          await sleep(rule.latencyMs ?? 0);
          return next();
        case 'reset':
          resetConnection(c);
          return c.newResponse(null, 500);
        case 'hang':
          await sleep(rule.hangMs ?? 120_000);
          return c.newResponse(null, 504);
      }
    };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

function resetConnection(c: Context): void {
  // Over a real socket, destroy it: the client sees ECONNRESET / "other side closed".
  const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
  if (incoming?.socket) {
    incoming.socket.destroy();
    return;
  }
  throw new Error('connection reset (injected)');
}
