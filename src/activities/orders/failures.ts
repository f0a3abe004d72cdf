import type { Context } from '@temporalio/activity';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { EpicorError } from '../../epicor/errors';
import { WooError } from '../../woocommerce/errors';
import { raiseAlertOnce, resolveAlert, type Alert } from '../../alerts/raise-alert';
import { attemptOf, currentContext, heartbeatDetails, reportMarginMs, type Attempt, type AttemptDetails } from '../attempt';

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

export interface GuardOptions {
  ownHeartbeats?: boolean;
  authIsPermanent?: boolean;
}

/** Heartbeat interval as a share of the heartbeat timeout: two beats may be lost before Temporal gives up. */
const BEATS_PER_TIMEOUT = 3;

/**
 * Runs one activity body and turns client errors into Temporal failures: business/validation answers
 * are permanent (parked for an operator), transient ones (network, timeouts, 429, 502-504) are retried by
 * Temporal with the server's Retry-After as the next delay. An Epicor `unknown-outcome` (500 on a write) is
 * retried because every order activity starts with its idempotency lookup, so the retry finds what the 500
 * may have written; after UNCLEAR_FAILURE_MAX_ATTEMPTS of them it is taken as the refusal it almost always is.
 * Refused credentials (401/403, an expired password, a WAF page) are retried with backoff too, with one alert:
 * they are fixed outside the order, and every order would otherwise park and need its own retry signal.
 *
 * What the next attempt must know lives in the activity's heartbeat details (see attempt.ts), not in
 * `info.attempt` (which counts transient failures too): the unclear-failure count, heartbeated right before a
 * failing attempt throws (the SDK flushes it with the failure and the server hands it to the next attempt,
 * proved by test/orders/parking.test.ts), and the time until which a write whose answer was lost may still
 * commit: the next attempt waits for it before its lookups, so it never writes a second copy beside a late one.
 * While the body runs, the attempt heartbeats, so a dead worker is noticed within the heartbeat timeout and a
 * cancellation (or Temporal timing the attempt out) aborts the Epicor request in flight.
 *
 * `ownHeartbeats`: the body heartbeats its own progress (catch-up); guard then leaves the details alone.
 * `authIsPermanent`: refused credentials fail the activity at once, without an alert: for the loops (catch-up,
 * webhook health), which report a failed pass themselves and must not sit in retries meanwhile.
 */
export async function guard<T>(fn: () => Promise<T>, opts: GuardOptions = {}): Promise<T> {
  const ctx = currentContext();
  // One activity body calling another's (the import pass resolves the customer): the outer guard alone classifies
  // and counts a failure, or the inner one's count would be overwritten and the unclear budget never run out.
  if (ctx && guarding.has(ctx)) return fn();
  if (ctx) guarding.add(ctx);
  const attempt = ctx && !opts.ownHeartbeats ? attemptOf(ctx) : undefined;
  if (attempt) attempt.guarded = true;
  const before = ctx ? unclearSoFar(ctx) : 0;
  const every = ctx?.info.heartbeatTimeoutMs ? Math.max(200, Math.floor(ctx.info.heartbeatTimeoutMs / BEATS_PER_TIMEOUT)) : undefined;
  const ticker = attempt && every ? setInterval(() => heartbeatDetails(attempt), every) : undefined;
  try {
    if (attempt) await waitForUnsettledWrite(attempt);
    const result = await fn();
    if (attempt?.details.alert) resolveAlert(attempt.details.alert);
    return result;
  } catch (err) {
    // Cancelled (or timed out by Temporal): the abort surfaced as a transport error; report the cancellation.
    if (ctx?.cancellationSignal.aborted && !(err instanceof ApplicationFailure)) throw ctx.cancellationSignal.reason ?? err;
    const unclear = before + (isUnclear(err) ? 1 : 0);
    const alert = opts.authIsPermanent ? undefined : authAlert(err);
    if (alert) await raiseAlertOnce(alert);
    if (attempt) {
      attempt.details.unclear = unclear;
      if (alert) attempt.details.alert = alert.key;
      heartbeatDetails(attempt);
    } else if (ctx && unclear > 0) {
      // Heartbeated on transient failures too, so the count survives them whatever the server does with an
      // attempt that reported no details.
      ctx.heartbeat({ unclear } satisfies Pick<AttemptDetails, 'unclear'>);
    }
    throw toFailure(err, unclear, opts);
  } finally {
    if (ticker) clearInterval(ticker);
    if (ctx) guarding.delete(ctx);
  }
}

/** Activity contexts inside a guard() right now. */
const guarding = new WeakSet<Context>();

/**
 * An earlier attempt sent a write and lost its answer: Epicor may still be working on it. Looking it up now could
 * miss it and write it again, so wait until it has settled, within this attempt's time; if that is not enough,
 * fail retryably and let the next attempt go on waiting.
 */
async function waitForUnsettledWrite(attempt: Attempt): Promise<void> {
  const until = attempt.details.unsettledUntil;
  if (until === undefined) return;
  const stc = attempt.ctx.info.startToCloseTimeoutMs;
  const attemptEnds = attempt.startedAt + stc - reportMarginMs(stc);
  const wait = Math.min(until, attemptEnds) - Date.now();
  if (wait > 0) await attempt.ctx.sleep(wait);
  if (Date.now() < until) {
    throw ApplicationFailure.create({ message: 'an earlier Epicor write whose answer was lost may still commit; waiting for it', type: 'Epicor:unsettled-write' });
  }
  delete attempt.details.unsettledUntil;
  heartbeatDetails(attempt);
}

/** Refused credentials: one alert per system while the incident lasts (raiseAlertOnce). */
function authAlert(err: unknown): Alert | undefined {
  if (err instanceof EpicorError && err.category === 'auth') {
    return { key: 'epicor-auth', text: `Epicor refuses the connector's credentials (${err.message}); orders wait and retry until EPICOR_* credentials or the firewall are fixed` };
  }
  if (err instanceof WooError && err.category === 'auth') {
    return { key: 'woo-auth', text: `WooCommerce refuses the connector's API keys (${err.message}); orders wait and retry until WOO_* keys are fixed` };
  }
  return undefined;
}

function unclearSoFar(ctx: Context): number {
  const details = ctx.info.heartbeatDetails as Partial<AttemptDetails> | undefined;
  return typeof details?.unclear === 'number' && Number.isSafeInteger(details.unclear) ? details.unclear : 0;
}

/** Failures that may be a permanent refusal or may pass on retry; the ones UNCLEAR_FAILURE_MAX_ATTEMPTS limits. */
function isUnclear(err: unknown): boolean {
  if (err instanceof ApplicationFailure || err instanceof TemporalFailure) return false;
  if (err instanceof EpicorError || err instanceof WooError) return err.category === 'unknown-outcome';
  return err instanceof Error && !(err instanceof RangeError);
}

/** `unclear`: unclear failures so far, this one included (see guard). */
export function toFailure(err: unknown, unclear = 1, opts: Pick<GuardOptions, 'authIsPermanent'> = {}): unknown {
  const retryAuth = !opts.authIsPermanent;
  const exhausted = unclear >= UNCLEAR_FAILURE_MAX_ATTEMPTS;
  if (err instanceof ApplicationFailure) return err;
  // Cancellation and other Temporal failures keep their meaning.
  if (err instanceof TemporalFailure) return err;
  if (err instanceof EpicorError) {
    if (err.category === 'unknown-outcome' && exhausted) {
      return permanent('EpicorRejected', `${err.message} (still failing after ${unclear} attempts; fix the cause in Epicor, then send the retry signal)`);
    }
    if (err.category === 'unknown-outcome' || (err.category === 'auth' && retryAuth) || err.retryable) {
      return ApplicationFailure.create({ message: err.message, type: `Epicor:${err.category}`, nextRetryDelay: err.retryAfterMs });
    }
    return permanent('EpicorRejected', err.message);
  }
  if (err instanceof WooError) {
    if (err.category === 'unknown-outcome' && exhausted) {
      return permanent('WooRejected', `${err.message} (still failing after ${unclear} attempts)`);
    }
    if (err.retryable || err.category === 'unknown-outcome' || (err.category === 'auth' && retryAuth)) {
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
