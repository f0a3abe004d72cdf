import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : '');

/** An id derived from the key, so a payload says which key it needs without naming the key. */
export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 12);

/**
 * AES-256-GCM over every payload Temporal stores (workflow inputs, results, signals, activity data), as in
 * Temporal's encryption sample. Workflows already carry only ids, cursors and counts, never credentials;
 * this keeps what remains (order numbers, the odd customer email in a skip reason) unreadable to anyone
 * with access to the Temporal database. Encoding happens outside the workflow sandbox (codecs run in the
 * client and worker), so workflows stay deterministic.
 *
 * Key rotation: the first key encrypts, every key decrypts, chosen by the key id each payload carries, so
 * histories written before a rotation stay readable as long as their key is listed.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(current: Buffer, previous: Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new Error('a payload encryption key must be 32 bytes (base64 of 32 random bytes)');
    }
    this.currentId = keyIdOf(current);
    this.keys = new Map([current, ...previous].map((k) => [keyIdOf(k), k]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.currentId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCODING), [KEY_ID]: utf8(this.currentId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID]);
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`payload was encrypted with key ${keyId}, which is not configured (current key ${this.currentId}; list retired keys in TEMPORAL_ENCRYPTION_OLD_KEYS)`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** The codec for the configured keys (base64), or none when encryption is off. */
export function encryptionCodec(encryptionKey: string | undefined, oldKeys: string[] = []): EncryptionCodec | undefined {
  if (!encryptionKey) return undefined;
  return new EncryptionCodec(
    Buffer.from(encryptionKey, 'base64'),
    oldKeys.map((k) => Buffer.from(k, 'base64')),
  );
}

/** The data converter shared by client and worker; plain JSON when no key is configured. */
export function dataConverter(encryptionKey: string | undefined, oldKeys: string[] = []): DataConverter | undefined {
  const codec = encryptionCodec(encryptionKey, oldKeys);
  return codec ? { payloadCodecs: [codec] } : undefined;
}
