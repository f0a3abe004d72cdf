import { optInt, type Params } from './params';

/**
 * The REST `dp` parameter (WC_REST_Orders_V2_Controller: "Number of decimal points to use in each resource"):
 * money fields come back with that many decimals, from the unrounded stored amounts, instead of the store's
 * price decimals. The simulator stores cents (it has no tax model, so every stored amount is whole cents):
 * with `dp` its answer carries the same values padded to `dp` decimals, as the real store answers for a
 * tax-free order (`25.00` -> `25.000000`). `price` stays a JSON number, as in the real answer.
 */
const ORDER_MONEY = ['discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'cart_tax', 'total', 'total_tax'];
const LINE_MONEY = ['subtotal', 'subtotal_tax', 'total', 'total_tax'];

export function dpOf(p: Params): number | undefined {
  const dp = optInt(p, 'dp');
  return dp === undefined ? undefined : Math.abs(dp);
}

export function withDp(order: Record<string, unknown>, dp: number | undefined): Record<string, unknown> {
  if (dp === undefined || dp === 2) return order;
  const out: Record<string, unknown> = { ...order };
  const fix = (row: Record<string, unknown>, fields: string[]) => {
    const copy = { ...row };
    for (const f of fields) if (typeof copy[f] === 'string') copy[f] = toDp(copy[f] as string, dp);
    return copy;
  };
  Object.assign(out, fix(order, ORDER_MONEY));
  for (const list of ['line_items', 'shipping_lines', 'fee_lines']) {
    if (Array.isArray(order[list])) out[list] = (order[list] as Record<string, unknown>[]).map((r) => fix(r, LINE_MONEY));
  }
  if (Array.isArray(order.coupon_lines)) out.coupon_lines = (order.coupon_lines as Record<string, unknown>[]).map((r) => fix(r, ['discount', 'discount_tax']));
  return out;
}

/** wc_format_decimal($value, $dp): rounded (half up) or padded to exactly `dp` decimals. */
function toDp(value: string, dp: number): string {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, whole, frac = ''] = m;
  const scale = 10n ** BigInt(Math.max(frac.length, dp) - dp);
  let units = BigInt(whole + frac.padEnd(Math.max(frac.length, dp), '0'));
  units = (units + scale / 2n) / scale;
  const digits = units.toString().padStart(dp + 1, '0');
  const text = dp > 0 ? `${digits.slice(0, -dp)}.${digits.slice(-dp)}` : digits;
  return units === 0n ? text : `${sign}${text}`;
}
