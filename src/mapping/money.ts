/**
 * Exact money. WooCommerce sends decimal strings and Epicor decimal numbers; both are carried as
 * integer minor units (bigint) for arithmetic and as decimal strings on the wire. Never a float.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12.5" -> 1250n at scale 2. Rejects values with more decimals than the scale instead of rounding silently. */
export function toMinor(value: string | number, scale = 2): bigint {
  const text = typeof value === 'number' ? numberToDecimal(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole, frac = ''] = m;
  if (frac.replace(/0+$/, '').length > scale) throw new RangeError(`${text} has more than ${scale} decimals`);
  const minor = BigInt(whole + frac.padEnd(scale, '0').slice(0, scale));
  return sign ? -minor : minor;
}

/** 1250n -> "12.50" at scale 2. */
export function fromMinor(minor: bigint, scale = 2): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? `.${digits.slice(-scale)}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Normalises any decimal (string or JSON number) to a fixed number of decimals, exactly. */
export function formatDecimal(value: string | number, scale = 2): string {
  return fromMinor(toMinor(value, scale), scale);
}

/**
 * A JSON number as the shortest decimal that round-trips (what the sender wrote for any value a
 * decimal column holds), expanded out of exponent notation.
 */
export function numberToDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  const [mantissa, exp] = text.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [intPart, fracPart = ''] = mantissa.replace('-', '').split('.');
  const shift = Number(exp);
  const digits = intPart + fracPart;
  const point = intPart.length + shift;
  const out =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${negative ? '-' : ''}${out}`;
}

export const sumMinor = (values: bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

/** a / b rounded half away from zero (b > 0): an exact share of an amount, to the minor unit. */
export function divRound(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('divRound needs a positive divisor');
  const abs = a < 0n ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return a < 0n ? -q : q;
}
