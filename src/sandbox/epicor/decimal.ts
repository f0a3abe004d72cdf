/**
 * Epicor money and quantity columns are SQL decimals. The simulator keeps them as exact decimal
 * strings and writes them into JSON as bare numbers with the stored digits ("12.50" -> 12.50), so a
 * client that parses with JSON.parse sees what it would see from the real server, and nothing here
 * ever rounds through a float.
 */
export class Dec {
  constructor(readonly text: string) {
    if (!DEC.test(text)) throw new Error(`not a decimal: ${text}`);
  }
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

const DEC = /^-?\d+(\.\d+)?$/;

export const isDecimalText = (s: string): boolean => DEC.test(s);

/** Accepts what a client may send for a decimal column: a JSON number, a numeric string or a Dec. */
export function toDec(value: unknown): Dec | undefined {
  if (value instanceof Dec) return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    const s = String(value);
    return DEC.test(s) ? new Dec(s) : new Dec(value.toFixed(10).replace(/\.?0+$/, ''));
  }
  if (typeof value === 'string' && DEC.test(value.trim())) return new Dec(value.trim());
  return undefined;
}

interface Scaled {
  units: bigint;
  scale: number;
}

/** Dec is immutable, so its digits are parsed once: queries compare the same stored values page after page. */
const parsed = new WeakMap<Dec, Scaled>();

function scaled(d: Dec): Scaled {
  let s = parsed.get(d);
  if (!s) parsed.set(d, (s = parse(d)));
  return s;
}

function parse(d: Dec): Scaled {
  const neg = d.text.startsWith('-');
  const [int, frac = ''] = (neg ? d.text.slice(1) : d.text).split('.');
  const units = BigInt(int + frac);
  return { units: neg ? -units : units, scale: frac.length };
}

function fromScaled({ units, scale }: Scaled): Dec {
  const neg = units < 0n;
  let digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
  if (scale > 0) digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return new Dec(neg && units !== 0n ? `-${digits}` : digits);
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function decAdd(a: Dec, b: Dec): Dec {
  const [x, y, scale] = align(scaled(a), scaled(b));
  return fromScaled({ units: x + y, scale });
}

export function decMul(a: Dec, b: Dec): Dec {
  const x = scaled(a);
  const y = scaled(b);
  return fromScaled({ units: x.units * y.units, scale: x.scale + y.scale });
}

export function decNeg(a: Dec): Dec {
  const x = scaled(a);
  return fromScaled({ units: -x.units, scale: x.scale });
}

export function decCmp(a: Dec, b: Dec): number {
  return numCmp(a, b);
}

/** A number as queries compare it: integers (SysRevID, keys) as bigint, everything else as Dec. */
export type Num = Dec | bigint;

/** Exact comparison of two numbers; bigint against bigint (SysRevID) without any parsing. */
export function numCmp(a: Num, b: Num): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const sa = typeof a === 'bigint' ? { units: a, scale: 0 } : scaled(a);
  const sb = typeof b === 'bigint' ? { units: b, scale: 0 } : scaled(b);
  const [x, y] = sa.scale === sb.scale ? [sa.units, sb.units] : align(sa, sb);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A stored number column's value as a Num: the same value `new Dec(String(v))` reads, without parsing integers. */
export function toNum(v: unknown): Num {
  if (v instanceof Dec || typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return new Dec(String(v));
}

/** Rounds half away from zero to `places` (Epicor rounds extended prices to the currency's decimals). */
export function decRound(a: Dec, places: number): Dec {
  const x = scaled(a);
  if (x.scale <= places) return fromScaled({ units: x.units * 10n ** BigInt(places - x.scale), scale: places });
  const div = 10n ** BigInt(x.scale - places);
  const abs = x.units < 0n ? -x.units : x.units;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return fromScaled({ units: x.units < 0n ? -q : q, scale: places });
}

export const decSum = (values: Dec[], zero = new Dec('0.00')): Dec => values.reduce(decAdd, zero);

/**
 * JSON text with Dec written as bare numbers and bigint (SysRevID) written with all its digits.
 * `JSON.stringify` cannot do either, hence this small writer.
 */
export function toJsonText(value: unknown): string {
  if (value instanceof Dec) return value.text;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJsonText(v))).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${toJsonText(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The same value with Dec and bigint turned into strings: for the admin API and in-process reads. */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
