/**
 * Money never touches a float: amounts are integer cents internally and decimal strings on the wire
 * (reference 3.1: "Money: strings rounded to dp"). Product prices keep the merchant's string (WooCommerce
 * stores `_regular_price` as typed), orders are rounded to 2 decimals.
 */
const DECIMAL = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/;

export function isDecimal(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && DECIMAL.test(value) && /\d/.test(value);
}

/** "12.5" | 12.5 -> 1250, rounding half away from zero at the third decimal like PHP round(). */
export function toCents(value: unknown): number {
  if (value === null || value === undefined || value === '') return 0;
  const text = typeof value === 'number' ? numberToPlain(value) : String(value);
  const m = DECIMAL.exec(text);
  if (!m || !/\d/.test(text)) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole = '', frac = ''] = m;
  const padded = (frac + '000').slice(0, 3);
  let cents = Number(whole || '0') * 100 + Number(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) cents += 1;
  return sign === '-' ? -cents : cents;
}

function numberToPlain(n: number): string {
  return Math.abs(n) < 1e15 ? n.toFixed(6) : String(n);
}

/** 1250 -> "12.50"; -1250 -> "-12.50" (refund totals are negative strings, reference 2.3). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Normalises a price the merchant sent to the string WooCommerce stores (wc_format_decimal without dp). */
export function normalisePrice(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') return String(value);
  return String(value).trim();
}

/** Line-item `price` is a JSON number (total / quantity, reference 3.2); derived from cents without float sums. */
export function unitPrice(totalCents: number, quantity: number): number {
  if (!quantity) return 0;
  return Number((totalCents / quantity / 100).toFixed(6));
}
