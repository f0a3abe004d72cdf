import { redactEmails, retryableItemError } from '../../src/activities/sync/failures';
import { toOutcomes } from '../../src/activities/sync/parts';
import { WooError, type WooErrorCategory } from '../../src/woocommerce';

const itemError = (category: WooErrorCategory, status?: number) => new WooError({ message: `item failed (${category})`, category, retryable: false, status });

describe('batch item errors', () => {
  it.each([
    ['a 5xx on the item', true, itemError('unknown-outcome', 500)],
    ['a 503 on the item', true, itemError('unknown-outcome', 503)],
    ['an item missing from the batch answer', true, itemError('unknown-outcome')],
    ['a 429 on the item', true, itemError('validation', 429)],
    ['a validation error', false, itemError('validation', 400)],
    ['a not-found item', false, itemError('not-found', 404)],
    ['a permission error on the item', false, itemError('auth', 403)],
  ])('%s: retryable %p', (_name, retryable, err) => {
    expect(retryableItemError(err)).toBe(retryable);
    expect(toOutcomes([{ ok: false, error: err }])).toEqual([{ ok: false, message: err.message, retryable }]);
  });

  it('takes email addresses out of reported messages', () => {
    expect(redactEmails('customer C1 (CustNum 7): Invalid parameter(s): email Buyer.One+x@Dalton.example refused')).toBe(
      'customer C1 (CustNum 7): Invalid parameter(s): email <email> refused',
    );
  });
});
