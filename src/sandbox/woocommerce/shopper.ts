import type { WooSimulator } from './index';

/**
 * Demo traffic: every `everyMs` a shopper (an existing customer or a guest) buys 1-3 published, in-stock
 * products; now and then the merchant refunds one line of an earlier order. Seeded so a demo replays the same.
 */
export interface ShopperOptions {
  everyMs?: number;
  seed?: number;
  /** chance per tick of refunding a line of a paid order, default 0.15 */
  refundRate?: number;
  /** chance the order is a guest order, default 0.3 */
  guestRate?: number;
  onError?: (e: unknown) => void;
}

export interface RunningShopper {
  stop(): void;
  /** one step now (what the timer does) */
  tick(): void;
  readonly ordersPlaced: number;
  readonly refundsMade: number;
}

const GUESTS = [
  { first_name: 'Ana', last_name: 'Ruiz', email: 'ana.ruiz@example.test', city: 'Madrid', country: 'ES', postcode: '28001' },
  { first_name: 'Jörg', last_name: 'Gastmann', email: 'joerg.gast@example.test', city: 'Köln', country: 'DE', postcode: '50667' },
  { first_name: 'Chloé', last_name: 'Martin', email: 'chloe.martin@example.test', city: 'Lyon', country: 'FR', postcode: '69001' },
];

function mulberry32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function startShopper(sim: WooSimulator, opts: ShopperOptions = {}): RunningShopper {
  const random = mulberry32(opts.seed ?? 1);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  let ordersPlaced = 0;
  let refundsMade = 0;

  const buyable = () =>
    [...sim.store.products.values()].filter(
      (p) =>
        p.status === 'publish' &&
        p.type === 'simple' &&
        (p.salePrice || p.regularPrice) !== '' &&
        p.stockStatus !== 'outofstock' &&
        (!p.manageStock || !sim.settings.manageStock || (p.stockQuantity ?? 0) >= 3),
    );

  const refundOne = () => {
    const paid = [...sim.store.orders.values()].filter(
      (o) => ['processing', 'completed'].includes(o.status) && o.lineItems.some((i) => !i.orphan),
    );
    if (!paid.length) return false;
    const order = pick(paid);
    const line = pick(order.lineItems.filter((i) => !i.orphan));
    sim.createRefund(order.id, { reason: 'Customer returned an item', line_items: [{ id: line.id, quantity: 1 }] });
    refundsMade++;
    return true;
  };

  const tick = () => {
    try {
      if (random() < (opts.refundRate ?? 0.15) && refundOne()) return;
      const products = buyable();
      if (!products.length) return;
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        product_id: pick(products).id,
        quantity: 1 + Math.floor(random() * 2),
      }));
      const customers = [...sim.store.customers.values()].filter((c) => c.role === 'customer');
      const guest = !customers.length || random() < (opts.guestRate ?? 0.3);
      const g = pick(GUESTS);
      sim.placeOrder({
        ...(guest
          ? { billing: { ...g, address_1: 'Calle Falsa 1' }, shipping_address: { ...g, address_1: 'Calle Falsa 1' } }
          : { customer_email: pick(customers).email }),
        line_items: dedupe(lines),
        shipping: '4.90',
      });
      ordersPlaced++;
    } catch (e) {
      opts.onError?.(e);
    }
  };

  const timer = setInterval(tick, opts.everyMs ?? 5000);
  timer.unref?.();
  return {
    stop: () => clearInterval(timer),
    tick,
    get ordersPlaced() {
      return ordersPlaced;
    },
    get refundsMade() {
      return refundsMade;
    },
  };
}

function dedupe(lines: { product_id: number; quantity: number }[]) {
  const byId = new Map<number, number>();
  for (const l of lines) byId.set(l.product_id, (byId.get(l.product_id) ?? 0) + l.quantity);
  return [...byId].map(([product_id, quantity]) => ({ product_id, quantity }));
}
