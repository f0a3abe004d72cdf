import { formatPoNum, wooLineIdOf } from '../../src/mapping/po-num';
import { orderWorkflowId, storeKey } from '../../src/workflows/definitions/orders';

describe('PONum and references', () => {
  it('fills the configured template from the Woo order number, id and store', () => {
    expect(formatPoNum('WEB-{number}', { number: '1042', id: 1042, store: 's' })).toBe('WEB-1042');
    expect(formatPoNum('{store}/{id}', { number: 'A-7', id: 7, store: 'shop' })).toBe('shop/7');
  });

  it('refuses a PONum longer than Epicor can store rather than truncating the idempotency key', () => {
    // A RangeError: the activities park it (InvalidOrder) instead of retrying the same data forever.
    expect(() => formatPoNum('{number}', { number: 'x'.repeat(60), id: 1, store: 's' })).toThrow(new RangeError('PONum "' + 'x'.repeat(60) + '" is longer than 50 characters'));
  });

  it('recovers the Woo line id from a line reference, split remainder lines included', () => {
    expect([wooLineIdOf('woo-line:991'), wooLineIdOf('woo-line:991:rest'), wooLineIdOf('woo-shipping:3')]).toEqual([991, 991, undefined]);
  });

  it('derives one short store key per store URL, whatever its spelling', () => {
    const key = storeKey('https://Shop.Example.com/');
    expect(key).toBe(storeKey('https://shop.example.com'));
    expect(key).toMatch(/^shop-example-com-[0-9a-z]+$/);
    expect(storeKey('http://127.0.0.1:4102')).not.toBe(storeKey('http://127.0.0.1:4103'));
    expect(orderWorkflowId(key, 13)).toBe(`woo-order-${key}-13`);
  });
});
