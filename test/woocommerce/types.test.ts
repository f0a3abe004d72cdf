import { readFileSync } from 'node:fs';
import {
  customerSchema,
  orderSchema,
  productSchema,
  refundedItemId,
  refundSchema,
  webhookSchema,
} from '../../src/woocommerce';
import { FIXTURES_DIR } from '../helpers/fixtures';

const dir = FIXTURES_DIR;
const read = (name: string) => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
const webhookBody = (name: string) => JSON.parse(read(name).body);

describe('schemas accept the real WooCommerce shapes', () => {
  it.each([
    'rest_order_create_201.json',
    'rest_order_get_after_refund_200.json',
    'rest_order_create_unknown_product_201.json',
    'wc-11.0.1/rest_order_create_201.json',
  ])('order %s', (name) => {
    const order = orderSchema.parse(read(name));
    expect(typeof order.total).toBe('string');
    expect(typeof order.line_items[0].price).toBe('number');
  });

  it.each(['webhook_order_created.json', 'webhook_order_updated_partial_refund.json', 'wc-11.0.1/webhook_order_created.json'])(
    'order webhook payload %s',
    (name) => {
      expect(orderSchema.parse(webhookBody(name)).id).toBe(13);
    },
  );

  it('orders in a batch response and a list page', () => {
    const batch = read('rest_orders_batch_one_error_200.json');
    expect(orderSchema.parse(batch.update[0]).status).toBe('completed');
    const page = JSON.parse(read('rest_orders_list_page1_per_page1.json').body);
    expect(orderSchema.parse(page[0]).line_items[0].sku).toBeNull();
  });

  it('keeps unknown fields (passthrough) and the negative refund summary', () => {
    const order = orderSchema.parse(read('rest_order_get_after_refund_200.json'));
    expect(order.refunds).toEqual([{ id: 14, reason: 'Damaged in transit – one mug', total: '-12.50' }]);
    expect((order as Record<string, unknown>).order_key).toBe('wc_order_Ri4QOJzEW3yAd');
    expect(order.line_items[0].name).toBe('Café Crème Mug – 350 ml');
  });

  it.each(['rest_order_refund_create_201.json', 'wc-11.0.1/rest_order_refund_create_201.json'])('refund %s with negative lines', (name) => {
    const refund = refundSchema.parse(read(name));
    expect(refund.amount).toBe('12.50');
    expect(refund.line_items[0].quantity).toBe(-1);
    expect(refund.line_items[0].total).toBe('-12.50');
    expect(refundedItemId(refund.line_items[0])).toBe(1);
  });

  it.each(['rest_product_create_201.json', 'rest_product_get_200.json'])('product %s', (name) => {
    const p = productSchema.parse(read(name));
    expect(p).toMatchObject({ sku: 'MUG-CAFE-350', type: 'simple', parent_id: 0, manage_stock: true });
  });

  it('products in a batch response', () => {
    const batch = read('rest_products_batch_two_errors_200.json');
    expect(productSchema.parse(batch.create[0]).stock_quantity).toBeNull();
    expect(productSchema.parse(batch.update[0]).sku).toBe('TOWEL-01');
  });

  it('a variation, which may manage stock at the parent', () => {
    const v = productSchema.parse({ ...read('rest_product_get_200.json'), type: 'variation', parent_id: 11, manage_stock: 'parent', short_description: undefined });
    expect(v.manage_stock).toBe('parent');
  });

  it.each(['rest_customer_create_201.json', 'rest_customer_get_200.json'])('customer %s', (name) => {
    expect(customerSchema.parse(read(name))).toMatchObject({ id: 2, role: 'customer', email: 'jorg.testperson@example.test' });
  });

  it('webhook (no secret in the response, null modified date)', () => {
    const w = webhookSchema.parse(read('rest_webhook_create_201.json'));
    expect(w).toMatchObject({ id: 2, status: 'active', topic: 'order.updated', date_modified_gmt: null });
    expect(w).not.toHaveProperty('secret');
  });

  it('rejects an order whose money is a number', () => {
    expect(orderSchema.safeParse({ ...read('rest_order_create_201.json'), total: 37.8 }).success).toBe(false);
  });
});
