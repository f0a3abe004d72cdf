import { ApplicationFailure } from '@temporalio/common';
import { EpicorError } from '../../epicor/errors';
import { WooError } from '../../woocommerce/errors';

import type { PermanentFailureType } from '../../workflows/definitions/orders';

export const permanent = (type: PermanentFailureType, message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, type);

/**
 * Runs one activity body and turns client errors into Temporal failures: business/auth/validation answers
 * are permanent (parked for an operator), everything else is retried by Temporal with the server's
 * Retry-After as the next delay. An Epicor `unknown-outcome` (500 on a write) is retried on purpose:
 * every order activity starts with its idempotency lookup, so the retry finds what the 500 may have written.
 */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toFailure(err);
  }
}

export function toFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof EpicorError) {
    if (err.category === 'unknown-outcome' || err.retryable) {
      return ApplicationFailure.create({ message: err.message, type: `Epicor:${err.category}`, nextRetryDelay: err.retryAfterMs });
    }
    return permanent('EpicorRejected', err.message);
  }
  if (err instanceof WooError) {
    if (err.retryable || err.category === 'unknown-outcome') {
      return ApplicationFailure.create({ message: err.message, type: `Woo:${err.category}`, nextRetryDelay: err.retryAfterMs });
    }
    return permanent('WooRejected', err.message);
  }
  return err;
}
