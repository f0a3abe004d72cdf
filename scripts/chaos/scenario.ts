import type { ShopperOrderInput } from '../../src/sandbox/woocommerce';

/** The catalog both systems know (prices with cents that do not survive floats), and one web-only SKU. */
export const PARTS = [
  ['MUG-CAFE-350', 'Café Crème Mug 350 ml', '12.50'],
  ['TOWEL-01', 'Tea Towel', '7.90'],
  ['BOLT-M8', 'Hex bolt M8', '3.35'],
  ['NUT-M8', 'Hex nut M8', '0.15'],
  ['WASHER-8', 'Washer 8 mm', '0.10'],
  ['LAMP-DESK', 'Desk lamp', '39.99'],
  ['CABLE-2M', 'Cable 2 m', '4.45'],
  ['GLOVES-L', 'Work gloves L', '8.29'],
  ['TAPE-50', 'Tape 50 m', '2.33'],
  ['DRILL-10', 'Drill bit 10 mm', '6.07'],
].map(([sku, name, price]) => ({ sku, name, price }));

export const POISON_SKU = 'WEB-ONLY-01';

export const CUSTOMERS = [
  ['JORG', 'Jörg Testperson', 'jorg.testperson@example.test'],
  ['ANNA', 'Anna Kowalska', 'anna.kowalska@example.test'],
  ['LIAM', "Liam O'Brien", 'liam.obrien@example.test'],
  ['MEI', 'Mei Tanaka', 'mei.tanaka@example.test'],
].map(([custId, name, email]) => ({ custId, name, email }));

/** Mulberry32: a repeatable run for a given seed. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    let t = (s = (s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1 to 3 distinct parts, 1 to 4 each, paid by card, for a registered customer or a guest, with shipping half the time. */
export function randomBasket(rnd: () => number, poison: boolean): ShopperOrderInput {
  const pick = [...PARTS].sort(() => rnd() - 0.5).slice(0, 1 + Math.floor(rnd() * 3));
  const line_items = pick.map((p) => ({ sku: p.sku, quantity: 1 + Math.floor(rnd() * 4) }));
  if (poison) line_items.push({ sku: POISON_SKU, quantity: 1 });
  const customer = rnd() < 0.6 ? CUSTOMERS[Math.floor(rnd() * CUSTOMERS.length)] : undefined;
  return {
    ...(customer ? { customer_email: customer.email } : { billing: { first_name: 'Guest', last_name: 'Shopper', email: `guest${Math.floor(rnd() * 1e6)}@example.test`, country: 'DE' } }),
    line_items,
    // Paid at the checkout (a card gateway): orders awaiting an offline payment (bacs, cheque) are on hold and
    // not imported until paid.
    payment_method: 'stripe',
    payment_method_title: 'Credit card',
    set_paid: true,
    ...(rnd() < 0.5 ? { shipping: '4.90' } : {}),
  };
}
