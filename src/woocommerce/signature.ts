import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64 of a 32-byte HMAC-SHA256 digest: 43 characters and one `=`. */
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Checks `X-WC-Webhook-Signature` = base64(HMAC-SHA256(raw body, secret)) (ref §1.2, `generate_signature()`).
 *
 * It must be given the body bytes exactly as received: WooCommerce signs PHP's `json_encode` output, which
 * escapes `/` as `\/` and non-ASCII as `\uXXXX`, so a body parsed and re-serialised with JSON.stringify no
 * longer matches (woocommerce/wc-api-node#66). The comparison is constant-time on equal-length buffers.
 */
export function verifyWebhookSignature(rawBody: Uint8Array, signatureHeader: string | undefined, secret: string): boolean {
  if (typeof signatureHeader !== 'string' || !secret) return false;
  const header = signatureHeader.trim();
  if (!SHA256_BASE64.test(header)) return false;
  const given = Buffer.from(header, 'base64');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
