import { Context } from '@temporalio/activity';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { EpicorError } from '../../epicor/errors';
import { WooError } from '../../woocommerce/errors';

import type { PermanentFailureType } from '../../workflows/definitions/orders';

export const permanent = (type: PermanentFailureType, message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, type);

/**
 * Attempts after which a failure that may or may not be transient parks the order instead of retrying:
 * an Epicor 500 on a write (`unknown-outcome`) and errors the clients do not classify. Epicor reports BPM and
 * other business exceptions as HTTP 500, so "retry forever" turned a permanent refusal into an order that
 * never parks and never imports. With the workflow's 1 s initial interval doubling, attempt 5 comes about
 * 15 s after the first: long enough for a restarting app server, and `retry` starts over after a real outage.
 */
export const UNCLEAR_FAILURE_MAX_ATTEMPTS = 5;

/**
 * Runs one activity body and turns client errors into Temporal failures: business/auth/validation answers
 * are permanent (parked for an operator), transient ones (network, timeouts, 429, 502-504) are retried by
 * Temporal with the server's Retry-After as the next delay. An Epicor `unknown-outcome` (500 on a write) is
 * retried because every order activity starts with its idempotency lookup, so the retry finds what the 500
 * may have written; after UNCLEAR_FAILURE_MAX_ATTEMPTS it is taken as the refusal it almost always is.
 */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toFailure(err, currentAttempt());
  }
}

/** 1 outside an activity (unit tests call activities directly), so nothing parks early there. */
function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

export function toFailure(err: unknown, attempt = 1): unknown {
  const exhausted = attempt >= UNCLEAR_FAILURE_MAX_ATTEMPTS;
  if (err instanceof ApplicationFailure) return err;
  // Cancellation and other Temporal failures keep their meaning.
  if (err instanceof TemporalFailure) return err;
  if (err instanceof EpicorError) {
    if (err.category === 'unknown-outcome' && exhausted) {
      return permanent('EpicorRejected', `${err.message} (still failing after ${attempt} attempts; fix the cause in Epicor, then send the retry signal)`);
    }
    if (err.category === 'unknown-outcome' || err.retryable) {
      return ApplicationFailure.create({ message: err.message, type: `Epicor:${err.category}`, nextRetryDelay: err.retryAfterMs });
    }
    return permanent('EpicorRejected', err.message);
  }
  if (err instanceof WooError) {
    if (err.category === 'unknown-outcome' && exhausted) {
      return permanent('WooRejected', `${err.message} (still failing after ${attempt} attempts)`);
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
  if (err instanceof Error && exhausted) return permanent('Unexpected', `${err.message} (still failing after ${attempt} attempts)`);
  return err;
}
