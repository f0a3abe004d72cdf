import { activityInfo, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isEpicorError } from '../../epicor';
import { cycleRetryingSignal } from '../../workflows/definitions/sync';
import { isWooError, type WooError } from '../../woocommerce';
import type { Incidents } from '../../alerts/alert-sink';

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

/**
 * Runs a sync cycle activity and, when an attempt fails in a way Temporal will retry, tells its loop
 * (`cycleRetrying` -> `status.retrying`): the retry policy is unbounded, and without this a WooCommerce outage
 * or a page held back by a failing item shows only as `running: true`. Best effort: a signal that fails must
 * not change the activity's own failure. Each attempt up to the fifth is reported, then every 30th (about
 * half-hourly at the 1 minute backoff cap), so a days-long outage does not flood the loop's history.
 */
export async function reportingRetries<T>(temporal: Client, body: () => Promise<T>, incidents?: Incidents): Promise<T> {
  try {
    const result = await body();
    await cycleAlerts(incidents, activityInfo(), undefined);
    return result;
  } catch (err) {
    const info = activityInfo();
    const loop = info.workflowExecution;
    const retryable = !(err instanceof ApplicationFailure && err.nonRetryable);
    await cycleAlerts(incidents, info, err);
    if (loop && retryable && (info.attempt <= 5 || info.attempt % 30 === 0)) {
      const error = redactEmails(err instanceof Error ? err.message : String(err)).slice(0, 300);
      await temporal.workflow
        .getHandle(loop.workflowId, loop.runId)
        .signal(cycleRetryingSignal, { attempt: info.attempt, at: new Date().toISOString(), error })
        .catch((e: unknown) => log.warn('could not report the retry to the sync loop', { error: String(e) }));
    }
    throw err;
  }
}

/** Attempts of one cycle that fail before it is an incident (about 15 s at the loop's backoff). */
export const ALERT_AFTER_ATTEMPTS = 5;

/**
 * A sync cycle is an incident when it fails for good or its fifth attempt fails; the next successful cycle
 * resolves it. Rejected credentials are their own incident, named for the system. Delivery problems are
 * logged, never allowed to change the cycle's own outcome.
 */
async function cycleAlerts(incidents: Incidents | undefined, info: ReturnType<typeof activityInfo>, err: unknown): Promise<void> {
  if (!incidents) return;
  const loop = info.workflowExecution?.workflowId ?? info.activityType;
  const key = `sync-failing:${loop}`;
  try {
    if (err === undefined) {
      await incidents.resolve({ key, text: `${loop}: sync cycles succeed again` });
      for (const system of ['Epicor', 'WooCommerce']) await incidents.resolve({ key: `credentials-rejected:${system}`, text: `${system} accepts the connector's credentials again` }, loop);
      return;
    }
    const failure = err instanceof ApplicationFailure ? err : undefined;
    const message = redactEmails(err instanceof Error ? err.message : String(err)).slice(0, 300);
    const category = (failure?.details?.[0] as { category?: string } | undefined)?.category;
    if (category === 'auth') {
      const system = failure?.type?.startsWith('Woo') ? 'WooCommerce' : 'Epicor';
      await incidents.fire({ key: `credentials-rejected:${system}`, text: `${system} rejected the connector's credentials (${loop}): ${message}` }, loop);
    }
    if (failure?.nonRetryable || info.attempt >= ALERT_AFTER_ATTEMPTS) {
      await incidents.fire({ key, text: `${loop}: sync cycle failing (attempt ${info.attempt}): ${message}` });
    }
  } catch (e) {
    log.warn('alert not delivered', { error: String(e) });
  }
}

/**
 * Whether one failed batch item may succeed on a second try. The client marks every per-item error
 * non-retryable (it cannot know how the caller replays), so the status decides here: a 5xx or 429 on the
 * item, or a batch answer that left the item out (`unknown-outcome`), is WooCommerce's trouble, not the
 * record's; validation, not-found and auth answers will not change by retrying.
 */
export function retryableItemError(err: Pick<WooError, 'retryable' | 'category' | 'status'>): boolean {
  if (err.retryable) return true;
  if (err.category === 'unknown-outcome' || err.category === 'server' || err.category === 'unavailable' || err.category === 'rate-limited') return true;
  return err.status !== undefined && (err.status >= 500 || err.status === 429);
}

const EMAIL_LIKE = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;

/**
 * Reports end up in workflow history, the status query and continue-as-new input, which are not the place
 * for personal data. Keys are Epicor ids already; this catches an email that a remote message might echo.
 */
export function redactEmails(text: string): string {
  return text.replace(EMAIL_LIKE, '<email>');
}

/** Appends to a bounded list of recent messages (oldest dropped first), without email addresses. */
export function pushBounded(list: string[], raw: string, limit: number): void {
  const item = redactEmails(raw);
  list.push(item.length > 300 ? `${item.slice(0, 299)}…` : item);
  if (list.length > limit) list.splice(0, list.length - limit);
}
