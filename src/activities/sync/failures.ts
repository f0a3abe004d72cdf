import { ApplicationFailure } from '@temporalio/common';
import { isEpicorError } from '../../epicor';
import { isWooError } from '../../woocommerce';

/**
 * Turns a client error into what Temporal's retry policy understands. Permanent client errors (bad
 * credentials, a rejected request) become non-retryable so the loop reports them instead of retrying
 * forever; transient ones stay retryable and honour Retry-After. Only the client's message goes out: the
 * clients build it without query strings, headers or bodies, so it carries no secret.
 */
export function toActivityFailure(err: unknown): unknown {
  if (!isEpicorError(err) && !isWooError(err)) return err;
  const details = { category: err.category, status: err.status };
  if (!err.retryable) return ApplicationFailure.nonRetryable(err.message, err.name, details);
  return ApplicationFailure.create({
    message: err.message,
    type: err.name,
    details: [details],
    nextRetryDelay: err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, 60_000) : undefined,
  });
}

/** Runs an activity body and rethrows its failure in Temporal's terms. */
export async function asActivity<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw toActivityFailure(err);
  }
}

/** Appends to a bounded list of recent messages (oldest dropped first). */
export function pushBounded(list: string[], item: string, limit: number): void {
  list.push(item.length > 300 ? `${item.slice(0, 299)}…` : item);
  if (list.length > limit) list.splice(0, list.length - limit);
}
