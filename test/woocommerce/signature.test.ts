import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyWebhookSignature } from '../../src/woocommerce';
import { FIXTURES_DIR } from '../helpers/fixtures';

const FIXTURES = FIXTURES_DIR;
const SECRET = 'test-webhook-secret';

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

function deliveries(): [string, Delivery][] {
  const dirs = [FIXTURES, join(FIXTURES, 'wc-11.0.1')];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.startsWith('webhook_') && f !== 'webhook_ping.json')
      .map((f): [string, Delivery] => [join(dir, f).slice(FIXTURES.length + 1), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}

const signed = deliveries();
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('verifyWebhookSignature against real WooCommerce deliveries', () => {
  it('has signed fixtures from both WooCommerce versions', () => {
    expect(signed.length).toBeGreaterThanOrEqual(7);
    expect(signed.some(([name]) => name.startsWith('wc-11.0.1/'))).toBe(true);
  });

  it.each(signed)('accepts %s over its raw body bytes', (_name, d) => {
    expect(verifyWebhookSignature(bytes(d.body), d.headers['X-WC-Webhook-Signature'], SECRET)).toBe(true);
  });

  it.each(signed)('rejects %s once re-serialised with JSON.stringify (PHP escapes \\/ and \\uXXXX)', (_name, d) => {
    const reserialised = JSON.stringify(JSON.parse(d.body));
    expect(reserialised).not.toBe(d.body);
    expect(verifyWebhookSignature(bytes(reserialised), d.headers['X-WC-Webhook-Signature'], SECRET)).toBe(false);
  });

  const [, sample] = signed[0];
  const header = sample.headers['X-WC-Webhook-Signature'];

  it('rejects the wrong secret', () => {
    expect(verifyWebhookSignature(bytes(sample.body), header, 'another-secret')).toBe(false);
  });

  it('rejects a body changed by one byte', () => {
    expect(verifyWebhookSignature(bytes(sample.body.replace('processing', 'Processing')), header, SECRET)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['hex instead of base64', 'a'.repeat(64)],
    ['truncated', header.slice(0, 20)],
    ['not base64', '!'.repeat(43) + '='],
    ['a 64-byte digest', Buffer.alloc(64, 1).toString('base64')],
  ])('returns false when the header is %s', (_what, value) => {
    expect(verifyWebhookSignature(bytes(sample.body), value, SECRET)).toBe(false);
  });

  it('tolerates surrounding whitespace in the header', () => {
    expect(verifyWebhookSignature(bytes(sample.body), ` ${header}\n`, SECRET)).toBe(true);
  });

  it('returns false when no secret is configured', () => {
    expect(verifyWebhookSignature(bytes(sample.body), header, '')).toBe(false);
  });

  it('treats the ping as unsigned', () => {
    const ping: Delivery = JSON.parse(readFileSync(join(FIXTURES, 'webhook_ping.json'), 'utf8'));
    expect(ping.headers['X-WC-Webhook-Signature']).toBeUndefined();
    expect(verifyWebhookSignature(bytes(ping.body), ping.headers['X-WC-Webhook-Signature'], SECRET)).toBe(false);
  });
});
