import { createHmac } from 'node:crypto';

/** wp_specialchars_decode( $secret, ENT_QUOTES ): only these entities are decoded (reference 1.2, #21693). */
export function wpSpecialcharsDecode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;|&#0*34;|&#x0*22;/gi, '"')
    .replace(/&#0*39;|&#x0*27;/gi, "'")
    .replace(/&amp;|&#0*38;|&#x0*26;/gi, '&');
}

/** WC_Webhook::generate_signature(): base64 of the raw HMAC-SHA256 over the exact body bytes. */
export function webhookSignature(body: string, secret: string): string {
  return createHmac('sha256', wpSpecialcharsDecode(secret)).update(body, 'utf8').digest('base64');
}
