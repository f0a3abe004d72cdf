import { Context } from '@temporalio/activity';
import type { RequestScope } from '../epicor';

/**
 * State of one activity attempt that the next attempt needs, kept in the heartbeat details (Temporal hands the
 * last ones to the next attempt as `info.heartbeatDetails`, also after a timeout or a crash).
 */
export interface AttemptDetails {
  /** Unclear failures so far (see UNCLEAR_FAILURE_MAX_ATTEMPTS in orders/failures.ts). */
  unclear: number;
  /** Epoch ms until which an Epicor write whose answer was lost may still commit. */
  unsettledUntil?: number;
  /** Key of the alert an auth failure of an earlier attempt raised; resolved when an attempt succeeds. */
  alert?: string;
}

export interface Attempt {
  ctx: Context;
  startedAt: number;
  details: AttemptDetails;
  /** Set by guard(): only then do details get heartbeated (other activities heartbeat their own progress). */
  guarded: boolean;
}

const attempts = new WeakMap<Context, Attempt>();

/** Undefined outside an activity (unit tests call activities directly). */
export function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

export function attemptOf(ctx: Context): Attempt {
  let attempt = attempts.get(ctx);
  if (!attempt) {
    attempt = { ctx, startedAt: Date.now(), details: detailsFrom(ctx.info.heartbeatDetails), guarded: false };
    attempts.set(ctx, attempt);
  }
  return attempt;
}

export function heartbeatDetails(attempt: Attempt): void {
  if (attempt.guarded) attempt.ctx.heartbeat({ ...attempt.details });
}

function detailsFrom(raw: unknown): AttemptDetails {
  const d = (raw ?? {}) as Partial<AttemptDetails>;
  const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);
  return {
    unclear: int(d.unclear) ?? 0,
    ...(int(d.unsettledUntil) !== undefined ? { unsettledUntil: int(d.unsettledUntil) } : {}),
    ...(typeof d.alert === 'string' ? { alert: d.alert } : {}),
  };
}

/** Kept free at the end of an attempt so its outcome reaches Temporal before start-to-close. */
export function reportMarginMs(startToCloseMs: number): number {
  return Math.min(5_000, Math.floor(startToCloseMs / 10));
}

/**
 * The clients' view of the current activity attempt (passed as `scope` to createEpicorClient/createWooClient): every
 * request ends before the attempt's start-to-close, is aborted when the activity is cancelled (which includes
 * Temporal timing the attempt out), and writes in flight are heartbeated so a retry waits for them to settle.
 */
export function activityRequestScope(): RequestScope | undefined {
  const ctx = currentContext();
  if (!ctx || ctx.info.isLocal) return undefined;
  const attempt = attemptOf(ctx);
  const stc = ctx.info.startToCloseTimeoutMs;
  return {
    deadlineMs: stc > 0 ? attempt.startedAt + stc - reportMarginMs(stc) : undefined,
    signal: ctx.cancellationSignal,
    unsettled(untilMs) {
      attempt.details.unsettledUntil = untilMs;
      heartbeatDetails(attempt);
    },
    settled() {
      if (attempt.details.unsettledUntil === undefined) return;
      delete attempt.details.unsettledUntil;
      heartbeatDetails(attempt);
    },
  };
}
