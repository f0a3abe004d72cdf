/** What a shopper's browser does on a real store: a guest cart through the Store API, then checkout. */
export interface GuestCheckout {
  email: string;
  lines: { productId: number; quantity: number }[];
  coupon?: string;
  paymentMethod?: 'cod' | 'bacs';
}

export const GUEST_ADDRESS = {
  first_name: 'Rita',
  last_name: 'Realwoo',
  address_1: '2 Test Street',
  city: 'Albany',
  state: 'NY',
  postcode: '12207',
  country: 'US',
};

/** Store API guest checkout; answers the new order's id. Nonce and Cart-Token come from the first GET /cart. */
export async function storeApiCheckout(baseUrl: string, input: GuestCheckout): Promise<number> {
  const api = `${baseUrl}/wp-json/wc/store/v1`;
  const first = await fetch(`${api}/cart`);
  await first.arrayBuffer();
  const headers = {
    Nonce: first.headers.get('nonce') ?? '',
    'Cart-Token': first.headers.get('cart-token') ?? '',
    'Content-Type': 'application/json',
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${api}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`Store API ${path}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  for (const l of input.lines) await post('cart/add-item', { id: l.productId, quantity: l.quantity });
  if (input.coupon) await post('cart/apply-coupon', { code: input.coupon });
  const order = await post('checkout', {
    billing_address: { ...GUEST_ADDRESS, email: input.email },
    shipping_address: GUEST_ADDRESS,
    payment_method: input.paymentMethod ?? 'cod',
  });
  return order.order_id as number;
}
