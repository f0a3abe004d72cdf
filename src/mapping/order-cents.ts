import type { WooOrder } from '../woocommerce/types';
import { divRound, fromMinor, toMinor } from './money';

/**
 * Cents for every Woo order item, adding up to the Woo total minus tax exactly (pure).
 *
 * WooCommerce stores line totals unrounded: with prices entered including tax, a line's net is the gross price
 * divided by (1 + rate), e.g. 22.962113. Its REST answer rounds each line to the store's decimals, while the order
 * total and total tax are rounded once; with tax rounded at subtotal the rounded lines can miss
 * `total - total_tax` by a cent (42.53 against 42.52). So the order is read with `dp=6` (ORDER_DP) and the cents
 * of `total - total_tax` are allocated over the exact item amounts by largest remainder: every item gets its
 * amount rounded down to the cent, and the cents still missing go to the items with the largest remainders.
 *
 * Rounding explains at most ROUNDING_CENT plus half a cent per item (a 2-decimal answer); a larger difference
 * is something the order holds that its items do not (a gift card, a plugin's line type) and is left for the
 * reconciliation to report: the items then keep their own rounded amounts.
 */
export const ORDER_DP = 6;
const SCALE = ORDER_DP;
const CENT = 10n ** BigInt(SCALE - 2);

export type ItemKey = `line:${number}` | `shipping:${number}` | `fee:${number}`;

export interface OrderCents {
  /** Cents of an item (line `total`, shipping `total`, fee `total`), allocated. */
  of(key: ItemKey): bigint;
  /** Woo `total - total_tax` in cents. */
  wooNetMinor: bigint;
  /** The exact sum of the items, as a decimal string at full precision. */
  exactItems: string;
  /** True when the items were fitted to the Woo net (rounding only). */
  fitted: boolean;
}

type CentsInput = Pick<WooOrder, 'line_items' | 'shipping_lines' | 'fee_lines'> & Partial<Pick<WooOrder, 'total' | 'total_tax'>>;

const exact = (value: string) => toMinor(value, SCALE);
const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

export function orderCents(order: CentsInput): OrderCents {
  const items: [ItemKey, bigint][] = [
    ...order.line_items.map((l): [ItemKey, bigint] => [`line:${l.id}`, exact(l.total)]),
    ...order.shipping_lines.map((s): [ItemKey, bigint] => [`shipping:${s.id}`, exact(s.total)]),
    ...order.fee_lines.map((f): [ItemKey, bigint] => [`fee:${f.id}`, exact(f.total)]),
  ];
  const sum = items.reduce((n, [, v]) => n + v, 0n);
  const rounded = new Map(items.map(([k, v]) => [k, divRound(v, CENT)]));
  const wooNetMinor = order.total !== undefined && order.total_tax !== undefined ? divRound(exact(order.total) - exact(order.total_tax), CENT) : divRound(sum, CENT);
  const tolerance = CENT + (CENT / 2n) * BigInt(items.length);
  const gap = wooNetMinor * CENT - sum;
  let fitted = false;
  let cents = rounded;
  if ((gap < 0n ? -gap : gap) <= tolerance) {
    const fit = largestRemainder(items, wooNetMinor);
    if (fit) {
      cents = fit;
      fitted = true;
    }
  }
  return {
    of: (key) => cents.get(key) ?? 0n,
    wooNetMinor,
    exactItems: trimDecimal(fromMinor(sum, SCALE)),
    fitted,
  };
}

/** "35.218141", "35.210000" -> "35.21": full precision without trailing zeros, at least the 2 decimals of money. */
export function trimDecimal(text: string): string {
  const [whole, frac = ''] = text.split('.');
  return `${whole}.${frac.replace(/0+$/, '').padEnd(2, '0')}`;
}

/**
 * Cents per item adding up to `target`: each item rounded down, then the missing cents to the largest remainders
 * (or, when rounding down already overshoots, each rounded up and the extra cents off the smallest remainders,
 * larger items first on a tie). An item of exactly 0.00 (free shipping) never gets a cent: it is not sent.
 */
function largestRemainder(items: [ItemKey, bigint][], target: bigint): Map<ItemKey, bigint> | undefined {
  const live = items.filter(([, v]) => v !== 0n);
  const floors = new Map(items.map(([k, v]) => [k, floorDiv(v, CENT)]));
  let missing = target - [...floors.values()].reduce((n, c) => n + c, 0n);
  if (missing >= 0n) {
    const order = [...live].sort(([, a], [, b]) => cmp(rest(b), rest(a)) || cmp(b, a));
    if (missing > BigInt(order.length)) return undefined;
    for (const [k] of order) if (missing-- > 0n) floors.set(k, floors.get(k)! + 1n);
    return floors;
  }
  const ceils = new Map(items.map(([k, v]) => [k, -floorDiv(-v, CENT)]));
  let extra = [...ceils.values()].reduce((n, c) => n + c, 0n) - target;
  // Rounded up the most first: they are the closest to their lower cent.
  const up = (v: bigint) => (rest(v) === 0n ? 0n : CENT - rest(v));
  const order = [...live].sort(([, a], [, b]) => cmp(up(b), up(a)) || cmp(b, a));
  if (extra > BigInt(order.length) || extra < 0n) return undefined;
  for (const [k] of order) if (extra-- > 0n) ceils.set(k, ceils.get(k)! - 1n);
  return ceils;
}

const rest = (v: bigint) => v - floorDiv(v, CENT) * CENT;
const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
