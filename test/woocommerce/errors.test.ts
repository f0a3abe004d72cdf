import { fromBatchItemError, fromHttpResponse, fromTransportError, statusFromData } from '../../src/woocommerce/errors';
import { fixtureJson } from '../helpers/fixtures';

const fixture = fixtureJson;
const NOW = Date.parse('2026-11-29T12:00:00Z');
const http = (method: string, status: number, body: unknown, headers: Record<string, string> = {}) =>
  fromHttpResponse({ method, path: '/products', status, body, headers, now: NOW });

describe('fromHttpResponse classifies WooCommerce and host errors', () => {
  it.each([
    [400, 'GET', 'validation', false],
    [401, 'GET', 'auth', false],
    [403, 'POST', 'auth', false],
    [404, 'GET', 'not-found', false],
    [413, 'POST', 'validation', false],
    [501, 'DELETE', 'validation', false],
    [429, 'GET', 'rate-limited', true],
    [502, 'POST', 'unavailable', true],
    [503, 'GET', 'unavailable', true],
    [504, 'PUT', 'unavailable', true],
    [500, 'GET', 'server', true],
    [500, 'POST', 'unknown-outcome', false],
    [500, 'PUT', 'unknown-outcome', false],
  ])('HTTP %i on %s is %s (retryable %s)', (status, method, category, retryable) => {
    const err = http(method, status, { code: 'x', message: 'y', data: { status } });
    expect(err.category).toBe(category);
    expect(err.retryable).toBe(retryable);
    expect(err.status).toBe(status);
  });

  it('keeps code, message and data of a real duplicate-SKU error', () => {
    const err = http('POST', 400, fixture('rest_error_400_duplicate_sku.json'));
    expect(err.code).toBe('product_invalid_sku');
    expect(err.remoteMessage).toBe('Invalid or duplicated SKU.');
    expect(err.data).toEqual({ status: 400, resource_id: 11, unique_sku: 'MUG-CAFE-350-1' });
    expect(err.message).toContain('product_invalid_sku');
  });

  it('reads the real 401 and 404 bodies', () => {
    expect(http('GET', 401, fixture('rest_error_401_bad_secret.json')).code).toBe('woocommerce_rest_authentication_error');
    expect(http('GET', 404, fixture('rest_error_404_invalid_id.json')).category).toBe('not-found');
  });

  it('takes the status from the HTTP response when data is a bare number (ref §3.3)', () => {
    const err = http('POST', 500, { code: 'woocommerce_rest_cannot_create_order_refund', message: 'Cannot create order refund.', data: 500 });
    expect(err.status).toBe(500);
    expect(err.data).toBe(500);
    expect(err.category).toBe('unknown-outcome');
  });

  it('treats a read answered "invalid order id" with HTTP 500 and data 404 as not found', () => {
    const err = http('GET', 500, { code: 'woocommerce_rest_invalid_order_id', message: 'Invalid order ID.', data: 404 });
    expect(err.category).toBe('not-found');
    expect(err.retryable).toBe(false);
    expect(err.data).toBe(404);
  });

  it('exposes Retry-After in seconds and as an HTTP date', () => {
    expect(http('GET', 429, '', { 'retry-after': '7' }).retryAfterMs).toBe(7000);
    expect(http('GET', 503, '', { 'retry-after': 'Sun, 29 Nov 2026 12:00:30 GMT' }).retryAfterMs).toBe(30_000);
    expect(http('GET', 429, '').retryAfterMs).toBeUndefined();
  });

  it('copes with a non-JSON error page from a proxy', () => {
    const err = http('GET', 502, undefined);
    expect(err.code).toBeUndefined();
    expect(err.message).toContain('HTTP 502');
  });
});

describe('batch item errors', () => {
  it('take their status from data, object or bare number', () => {
    const sku = fromBatchItemError('products', 'create', { code: 'product_invalid_sku', message: 'Invalid or duplicated SKU.', data: { status: 400, resource_id: 11 } });
    expect(sku).toMatchObject({ status: 400, category: 'validation', code: 'product_invalid_sku', retryable: false });
    expect(fromBatchItemError('orders', 'update', { code: 'x', message: 'y', data: 404 })).toMatchObject({ status: 404, category: 'not-found' });
  });
});

describe('transport errors', () => {
  it('are network errors named by code only', () => {
    const err = fromTransportError('GET', '/orders', Object.assign(new Error('socket hang up https://h/?consumer_secret=cs_x'), { code: 'ECONNRESET' }), false);
    expect(err).toMatchObject({ category: 'network', retryable: true, code: 'ECONNRESET' });
    expect(err.message).not.toContain('cs_x');
    expect(err.cause).toBeUndefined();
  });

  it('are timeouts when our deadline fired', () => {
    expect(fromTransportError('POST', '/orders', new Error('aborted'), true)).toMatchObject({ category: 'timeout', retryable: true });
  });
});

describe('helpers', () => {
  it('statusFromData reads objects and bare numbers', () => {
    expect(statusFromData({ status: 413 })).toBe(413);
    expect(statusFromData(500)).toBe(500);
    expect(statusFromData('500')).toBeUndefined();
  });

});
