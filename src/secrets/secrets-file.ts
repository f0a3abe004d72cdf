import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The encrypted secrets file: one JSON envelope holding every credential as AES-256-GCM ciphertext under a
 * master key that lives elsewhere (SECRETS_MASTER_KEY or SECRETS_MASTER_KEY_FILE). GCM authenticates the whole
 * content, so an edited file is refused rather than half-read; the key id tells a wrong key from a tampered file.
 */
const FORMAT = 'epicor-woo-secrets/1';
const AAD = Buffer.from(FORMAT);

interface Envelope {
  format: string;
  keyId: string;
  iv: string;
  tag: string;
  data: string;
}

export class SecretsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsFileError';
  }
}

export const masterKeyId = (key: Buffer): string => createHash('sha256').update(key).update('secrets').digest('hex').slice(0, 12);

/** Parses a master key (base64 of 32 bytes, as `openssl rand -base64 32` prints it). */
export function parseMasterKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new SecretsFileError(`${source} is not a master key: expected base64 of 32 random bytes (openssl rand -base64 32)`);
  return key;
}

export function readSecretsFile(path: string, key: Buffer): Record<string, string> {
  let envelope: Envelope;
  try {
    envelope = JSON.parse(readFileSync(path, 'utf8')) as Envelope;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SecretsFileError(code ? `cannot read secrets file ${path}: ${code}` : `secrets file ${path} is not a secrets file (not JSON)`);
  }
  if (envelope?.format !== FORMAT) throw new SecretsFileError(`secrets file ${path} is not a secrets file of format ${FORMAT}`);
  if (envelope.keyId !== masterKeyId(key)) {
    throw new SecretsFileError(`wrong master key for secrets file ${path}: it was written with key ${envelope.keyId}, the configured key is ${masterKeyId(key)}`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  } catch {
    throw new SecretsFileError(`secrets file ${path} was tampered with or is corrupted: its content does not authenticate under the master key`);
  }
}

/** Writes atomically (temp file + rename) and readable by the owner only. */
export function writeSecretsFile(path: string, key: Buffer, values: Record<string, string>): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  const envelope: Envelope = { format: FORMAT, keyId: masterKeyId(key), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(envelope, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export const secretsFileExists = (path: string): boolean => existsSync(path);
