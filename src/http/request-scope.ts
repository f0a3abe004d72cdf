/**
 * What the caller's context (an activity attempt, see src/activities/attempt.ts) imposes on each request to Epicor
 * or WooCommerce (only Epicor reports its writes).
 * The clients stay free of Temporal: the worker passes a function that reads the current activity.
 */
export interface RequestScope {
  /** Epoch ms by which the request must have ended (the attempt's start-to-close, minus time to report). */
  deadlineMs?: number;
  /** Aborts the request in flight (the activity was cancelled or timed out). */
  signal?: AbortSignal;
  /** A write is being sent, or its answer was lost: Epicor may still commit it until `untilMs`. */
  unsettled?(untilMs: number): void;
  /** The write was answered (any status) or never left: nothing of it can commit later. */
  settled?(): void;
}

/** Below this, a request is not worth sending: it would time out and leave a write's outcome unknown. */
export const MIN_REQUEST_MS = 1_000;

/** The request's timeout: the configured one, cut to what is left before the scope's deadline. */
export function requestTimeout(configuredMs: number, deadlineMs: number | undefined, nowMs: number): number {
  return deadlineMs === undefined ? configuredMs : Math.min(configuredMs, deadlineMs - nowMs);
}
