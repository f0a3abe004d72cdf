import type { Http } from './http';
import { WooError, fromBatchItemError } from './errors';

export const BATCH_LIMIT = 100; // create + update + delete together; more is a 413 (ref §3.6)

/** `products/<id>/variations`: a variable product's variations are written through their parent. */
export type BatchResource = 'products' | 'customers' | 'orders' | `products/${number}/variations`;

export interface BatchOps {
  create?: unknown[];
  update?: ({ id: number } & Record<string, unknown>)[];
  delete?: number[];
}

export type BatchItemResult<T> = { ok: true; item: T } | { ok: false; error: WooError; input: unknown };

/** One result per input item, in input order, per operation. */
export interface BatchResult<T> {
  create: BatchItemResult<T>[];
  update: BatchItemResult<T>[];
  delete: BatchItemResult<T>[];
}

type Op = keyof BatchOps;
const OPS: Op[] = ['create', 'update', 'delete'];

/**
 * Splits into requests of at most `limit` items counted over all three operations, keeping WooCommerce's own
 * order (creates, then updates, then deletes).
 */
export function chunkOps(ops: BatchOps, limit = BATCH_LIMIT): Required<BatchOps>[] {
  const flat = OPS.flatMap((op) => ((ops[op] ?? []) as unknown[]).map((input) => ({ op, input })));
  const chunks: Required<BatchOps>[] = [];
  for (let i = 0; i < flat.length; i += limit) {
    const chunk: Required<BatchOps> = { create: [], update: [], delete: [] };
    for (const { op, input } of flat.slice(i, i + limit)) (chunk[op] as unknown[]).push(input);
    chunks.push(chunk);
  }
  return chunks;
}

/**
 * A batch answers HTTP 200 even when items fail; each failed element is `{id, error: {code, message, data}}`
 * and nothing is transactional (ref §3.6), so every element is checked on its own. A failure of a whole request
 * (network, 5xx, auth) is thrown: the activity is retried by Temporal, and the earlier chunks are safe to
 * replay when written through the upserts below (SKU and email are natural keys).
 */
export async function runBatch<T>(http: Http, resource: BatchResource, ops: BatchOps, limit = BATCH_LIMIT): Promise<BatchResult<T>> {
  const result: BatchResult<T> = { create: [], update: [], delete: [] };
  for (const chunk of chunkOps(ops, limit)) {
    const body: Partial<BatchOps> = {};
    for (const op of OPS) if (chunk[op].length) (body as Record<string, unknown>)[op] = chunk[op];
    const res = await http.request<Partial<Record<Op, unknown[]>>>('POST', `/${resource}/batch`, { body });
    for (const op of OPS) {
      const answers = Array.isArray(res.body?.[op]) ? res.body![op]! : [];
      (chunk[op] as unknown[]).forEach((input, i) => result[op].push(toItemResult<T>(resource, op, input, answers[i])));
    }
  }
  return result;
}

function toItemResult<T>(resource: string, op: Op, input: unknown, answer: unknown): BatchItemResult<T> {
  if (answer === undefined || answer === null || typeof answer !== 'object') {
    const error = new WooError({
      message: `WooCommerce ${resource} batch ${op} answered without this item`,
      category: 'unknown-outcome',
      retryable: false,
    });
    return { ok: false, error, input };
  }
  if ('error' in answer && (answer as { error?: unknown }).error) {
    return { ok: false, error: fromBatchItemError(resource, op, (answer as { error: unknown }).error), input };
  }
  return { ok: true, item: answer as T };
}
