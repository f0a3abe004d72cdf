import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { secretVariableNames } from '../../config';
import { masterKeyFrom } from '../../secrets/resolve-secrets';
import { masterKeyId, readSecretsFile, secretsFileExists, writeSecretsFile } from '../../secrets/secrets-file';
import { CtlError } from './context';

/**
 * `ctl secrets`: the encrypted secrets file (SECRETS_FILE) under its master key. Values go in through stdin
 * only (never argv, which lands in shell history and `ps`) and are never printed.
 */
function fileAndKey(env: NodeJS.ProcessEnv): { path: string; key: Buffer } {
  const path = env.SECRETS_FILE?.trim();
  if (!path) throw new CtlError('SECRETS_FILE is not set: name the encrypted secrets file to manage');
  const key = masterKeyFrom(env);
  if (!key) throw new CtlError('set SECRETS_MASTER_KEY or SECRETS_MASTER_KEY_FILE (create one with: openssl rand -base64 32 > master.key; chmod 600 master.key)');
  return { path, key };
}

export function setSecret(env: NodeJS.ProcessEnv, name: string, value: string): { name: string; file: string; created: boolean } {
  if (!secretVariableNames().includes(name)) throw new CtlError(`${name} is not a secret variable; secret variables: ${secretVariableNames().join(', ')}`);
  if (value === '') throw new CtlError(`no value for ${name} on stdin`);
  const { path, key } = fileAndKey(env);
  const created = !secretsFileExists(path);
  const values = created ? {} : readSecretsFile(path, key);
  writeSecretsFile(path, key, { ...values, [name]: value });
  return { name, file: path, created };
}

export function listSecrets(env: NodeJS.ProcessEnv): { file: string; keyId: string; modified: string; names: string[] } {
  const { path, key } = fileAndKey(env);
  if (!secretsFileExists(path)) throw new CtlError(`${path} does not exist yet: add a value with "secrets set <NAME>"`);
  return { file: path, keyId: masterKeyId(key), modified: statSync(path).mtime.toISOString(), names: Object.keys(readSecretsFile(path, key)).sort() };
}

/**
 * A new master key: the file is re-encrypted under it and the key is written to `newKeyFile` (mode 0600), never
 * to the terminal. Point SECRETS_MASTER_KEY(_FILE) at it before the next start; the old key no longer opens the file.
 */
export function rotateSecrets(env: NodeJS.ProcessEnv, newKeyFile: string): { file: string; oldKeyId: string; newKeyId: string; newKeyFile: string } {
  const { path, key } = fileAndKey(env);
  const values = readSecretsFile(path, key);
  const next = randomBytes(32);
  // The key file first: a crash between the two writes leaves the old file readable with the old key.
  writeFileSync(newKeyFile, `${next.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  writeSecretsFile(path, next, values);
  return { file: path, oldKeyId: masterKeyId(key), newKeyId: masterKeyId(next), newKeyFile };
}

export async function readStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
