import { Hono } from 'hono';
import { serve, type Served } from '../../../src/sandbox/shared/serve';
import { createWooSimulator, type WooSimOptions, type WooSimulator } from '../../../src/sandbox/woocommerce';
import { FIXTURES_DIR, fixtureJson, readFixture } from '../../helpers/fixtures';

export const KEY = 'ck_sandbox_key';
export const SECRET = 'cs_sandbox_secret';
export const BASIC = 'Basic ' + Buffer.from(`${KEY}:${SECRET}`).toString('base64');

export const FIXTURES = FIXTURES_DIR;

export const fixtureText = readFixture;
export const fixture = fixtureJson;

export function newSim(opts: WooSimOptions = {}): WooSimulator {
  return createWooSimulator({ deliveryDelayMs: 60_000, allowUnsafeDeliveryUrls: true, ...opts });
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** REST call through the Hono app (no socket), Basic auth unless `headers.Authorization` is given ('' = none). */
export async function call(
  sim: WooSimulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res> {
  const h: Record<string, string> = { Authorization: BASIC, ...headers };
  if (h.Authorization === '') delete h.Authorization;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await sim.app.request(path.startsWith('/') ? path : `/wp-json/wc/v3/${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const MUG = {
  name: 'Café Crème Mug – 350 ml',
  sku: 'MUG-CAFE-350',
  regular_price: '12.50',
  manage_stock: true,
  stock_quantity: 25,
  description: 'Stoneware mug. See https://example.test/care/mugs for care instructions.',
  short_description: 'A mug for café crème',
};
export const TOWEL = { name: 'Tea Towel', sku: 'TOWEL-01', regular_price: '7.90' };
export const JORG = {
  email: 'jorg.testperson@example.test',
  first_name: 'Jörg',
  last_name: 'Testperson',
  billing: {
    first_name: 'Jörg',
    last_name: 'Testperson',
    address_1: 'Teststraße 1',
    city: 'Berlin',
    postcode: '10115',
    country: 'DE',
    state: 'BE',
    email: 'jorg.testperson@example.test',
    phone: '+49 30 0000000',
  },
  shipping: { first_name: 'Jörg', last_name: 'Testperson', address_1: 'Teststraße 1', city: 'Berlin', postcode: '10115', country: 'DE', state: 'BE' },
};

/** The captured scenario: products 11, 12, customer 2, order 13 (customer 2, two lines, flat rate, set_paid, meta). */
export async function capturedScenario(sim: WooSimulator) {
  const mug = await call(sim, 'POST', 'products', MUG);
  await call(sim, 'POST', 'products', TOWEL);
  const customer = await call(sim, 'POST', 'customers', JORG);
  const order = await call(sim, 'POST', 'orders', {
    customer_id: customer.json.id,
    payment_method: 'bacs',
    payment_method_title: 'Direct bank transfer',
    set_paid: true,
    customer_note: 'Bitte klingeln / ring the bell',
    billing: JORG.billing,
    shipping: JORG.shipping,
    meta_data: [{ key: '_connector_ref', value: 'ext-1001' }],
    line_items: [
      { product_id: 11, quantity: 2 },
      { product_id: 12, quantity: 1 },
    ],
    shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat rate', total: '4.90' }],
  });
  return { mug, customer, order };
}

export interface Received {
  headers: Record<string, string>;
  body: string;
  path: string;
}

/** A webhook receiver on a real socket; answers with `statuses` in turn (last one repeats), default 200. */
export async function startReceiver(statuses: number[] = [200]): Promise<{
  url: string;
  origin: string;
  received: Received[];
  setStatuses(s: number[]): void;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  let queue = [...statuses];
  const app = new Hono();
  app.all('*', async (c) => {
    const body = await c.req.text();
    received.push({ headers: Object.fromEntries(c.req.raw.headers), body, path: new URL(c.req.url).pathname });
    const status = queue.length > 1 ? queue.shift()! : queue[0];
    if (status >= 300 && status < 400) return c.body(null, status as 301, { Location: '/redirected' });
    return c.body('ok', status as 200);
  });
  const served: Served = await serve(app, 0);
  return {
    url: `${served.origin}/hooks`,
    origin: served.origin,
    received,
    setStatuses: (s) => {
      queue = [...s];
    },
    close: () => served.close(),
  };
}
