import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : '');

/**
 * AES-256-GCM over every payload Temporal stores (workflow inputs, results, signals, activity data), as in
 * Temporal's encryption sample. Workflows already carry only ids, cursors and counts, never credentials;
 * this keeps what remains (order numbers, the odd customer email in a skip reason) unreadable to anyone
 * with access to the Temporal database. Encoding happens outside the workflow sandbox (codecs run in the
 * client and worker), so workflows stay deterministic.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the payload encryption key must be 32 bytes (base64 of 32 random bytes)');
    // An id derived from the key, so a payload says which key it needs without naming the key.
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCODING), [KEY_ID]: utf8(this.keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID]);
      if (keyId !== this.keyId) throw new Error(`payload was encrypted with key ${keyId}, not the configured key ${this.keyId}`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** The data converter shared by client and worker; plain JSON when no key is configured. */
export function dataConverter(encryptionKey: string | undefined): DataConverter | undefined {
  if (!encryptionKey) return undefined;
  return { payloadCodecs: [new EncryptionCodec(Buffer.from(encryptionKey, 'base64'))] };
}
