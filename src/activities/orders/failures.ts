import { Context } from '@temporalio/activity';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { EpicorError } from '../../epicor/errors';
import { WooError } from '../../woocommerce/errors';

import type { PermanentFailureType } from '../../workflows/definitions/orders';

export const permanent = (type: PermanentFailureType, message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, type);

/**
 * Unclear failures after which the order parks instead of retrying: an Epicor 500 on a write (`unknown-outcome`)
 * and errors the clients do not classify. Epicor reports BPM and other business exceptions as HTTP 500, so
 * "retry forever" turned a permanent refusal into an order that never parks and never imports. Only unclear
 * failures count: an outage's 503s or timeouts are retried without limit and must not use the budget up, or a
 * single 500 right after an outage would park the order. With the workflow's 1 s initial interval doubling,
 * five unclear failures in a row take about 15 s: long enough for a restarting app server.
 */
export const UNCLEAR_FAILURE_MAX_ATTEMPTS = 5;

/** What an activity heartbeats before it fails, so the next attempt knows how many unclear failures came before. */
interface FailureCount {
  unclear: number;
}

/**
 * Runs one activity body and turns client errors into Temporal failures: business/auth/validation answers
 * are permanent (parked for an operator), transient ones (network, timeouts, 429, 502-504) are retried by
 * Temporal with the server's Retry-After as the next delay. An Epicor `unknown-outcome` (500 on a write) is
 * retried because every order activity starts with its idempotency lookup, so the retry finds what the 500
 * may have written; after UNCLEAR_FAILURE_MAX_ATTEMPTS of them it is taken as the refusal it almost always is.
 *
 * The count lives in the activity's heartbeat details, not in `info.attempt` (which counts transient failures
 * too): a failing attempt heartbeats the count right before it throws, the SDK flushes that heartbeat with the
 * failure (Core sends it as the failure's last_heartbeat_details) and the server hands it to the next attempt
 * as `info.heartbeatDetails` (proved by test/orders/parking.test.ts). A new activity (the next pass, `retry`)
 * starts at 0.
 */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  const ctx = currentContext();
  const before = unclearSoFar(ctx);
  try {
    return await fn();
  } catch (err) {
    const unclear = before + (isUnclear(err) ? 1 : 0);
    // Heartbeated on transient failures too, so the count survives them whatever the server does with an
    // attempt that reported no details.
    if (ctx && unclear > 0) ctx.heartbeat({ unclear } satisfies FailureCount);
    throw toFailure(err, unclear);
  }
}

/** Undefined outside an activity (unit tests call activities directly), so nothing parks early there. */
function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

function unclearSoFar(ctx: Context | undefined): number {
  const details = ctx?.info.heartbeatDetails as Partial<FailureCount> | undefined;
  return typeof details?.unclear === 'number' && Number.isSafeInteger(details.unclear) ? details.unclear : 0;
}

/** Failures that may be a permanent refusal or may pass on retry; the ones UNCLEAR_FAILURE_MAX_ATTEMPTS limits. */
function isUnclear(err: unknown): boolean {
  if (err instanceof ApplicationFailure || err instanceof TemporalFailure) return false;
  if (err instanceof EpicorError || err instanceof WooError) return err.category === 'unknown-outcome';
  return err instanceof Error && !(err instanceof RangeError);
}

/** `unclear`: unclear failures so far, this one included (see guard). */
export function toFailure(err: unknown, unclear = 1): unknown {
  const exhausted = unclear >= UNCLEAR_FAILURE_MAX_ATTEMPTS;
  if (err instanceof ApplicationFailure) return err;
  // Cancellation and other Temporal failures keep their meaning.
  if (err instanceof TemporalFailure) return err;
  if (err instanceof EpicorError) {
    if (err.category === 'unknown-outcome' && exhausted) {
      return permanent('EpicorRejected', `${err.message} (still failing after ${unclear} attempts; fix the cause in Epicor, then send the retry signal)`);
    }
    if (err.category === 'unknown-outcome' || err.retryable) {
      return ApplicationFailure.create({ message: err.message, type: `Epicor:${err.category}`, nextRetryDelay: err.retryAfterMs });
    }
    return permanent('EpicorRejected', err.message);
  }
  if (err instanceof WooError) {
    if (err.category === 'unknown-outcome' && exhausted) {
      return permanent('WooRejected', `${err.message} (still failing after ${unclear} attempts)`);
    }
    if (err.retryable || err.category === 'unknown-outcome') {
      return ApplicationFailure.create({ message: err.message, type: `Woo:${err.category}`, nextRetryDelay: err.retryAfterMs });
    }
    return permanent('WooRejected', err.message);
  }
  // The mapping refuses data it cannot express exactly (toMinor on 3 decimals, a PONum over 50 characters)
  // with a RangeError: the same Woo data fails the same way on every attempt.
  if (err instanceof RangeError) return permanent('InvalidOrder', err.message);
  // Anything else (an answer without the expected row, a bug) may pass with a retry, but not forever.
  if (err instanceof Error && exhausted) return permanent('Unexpected', `${err.message} (still failing after ${unclear} attempts)`);
  return err;
}
