/**
 * The Woo order reference written to Epicor `OrderHed.PONum`. It is the idempotency key of the import
 * (looked up before every create, reference epicor §5/§11), so it must be stable for an order forever:
 * built from the Woo order number/id and the store key only, never from mutable data.
 */
export interface PoNumParts {
  /** WooCommerce `number` (a string; plugins can make it differ from `id`). */
  number: string;
  id: number;
  store: string;
}

/** Epicor's PONum length is unverified (reference §10); 50 is the column width seen in EF scaffolds. */
export const PONUM_MAX_LENGTH = 50;

/**
 * Throws RangeError for a PONum Epicor cannot store (or a format that cannot identify the order): the same
 * order fails the same way on every attempt, so the activities park it as InvalidOrder instead of retrying.
 */
export function formatPoNum(format: string, parts: PoNumParts): string {
  if (!format.includes('{number}') && !format.includes('{id}')) throw new RangeError('ORDER_PONUM_FORMAT must contain {number} or {id}');
  const po = format
    .replace(/\{number\}/g, parts.number)
    .replace(/\{id\}/g, String(parts.id))
    .replace(/\{store\}/g, parts.store);
  if (po.length > PONUM_MAX_LENGTH) throw new RangeError(`PONum "${po}" is longer than ${PONUM_MAX_LENGTH} characters`);
  return po;
}

/** OrderDtl.Reference for a Woo line item: how a retried import knows which lines already exist. */
export const lineReference = (wooLineId: number, part?: 'rest'): string => `woo-line:${wooLineId}${part ? `:${part}` : ''}`;
export const shippingReference = (wooShippingLineId: number): string => `woo-shipping:${wooShippingLineId}`;
export const feeReference = (wooFeeLineId: number): string => `woo-fee:${wooFeeLineId}`;
/** RMAHead.RMAComment and RMADtl.ECCComment: the refund is credited once per this key. */
export const refundReference = (wooRefundId: number): string => `woo-refund:${wooRefundId}`;

/** `woo-line:991` and `woo-line:991:rest` both belong to Woo line 991. */
export function wooLineIdOf(reference: string | undefined | null): number | undefined {
  const m = /^woo-line:(\d+)(?::rest)?$/.exec(reference ?? '');
  return m ? Number(m[1]) : undefined;
}
