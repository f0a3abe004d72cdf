import { readFileSync } from 'node:fs';
import { parseMasterKey, readSecretsFile, SecretsFileError } from './secrets-file';

export interface ResolvedSecrets {
  env: NodeJS.ProcessEnv;
  problems: string[];
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/** The master key of the secrets file, from SECRETS_MASTER_KEY or the file SECRETS_MASTER_KEY_FILE names. */
export function masterKeyFrom(env: NodeJS.ProcessEnv): Buffer | undefined {
  if (!blank(env.SECRETS_MASTER_KEY)) return parseMasterKey(env.SECRETS_MASTER_KEY!, 'SECRETS_MASTER_KEY');
  if (!blank(env.SECRETS_MASTER_KEY_FILE)) return parseMasterKey(readKeyFile(env.SECRETS_MASTER_KEY_FILE!, 'SECRETS_MASTER_KEY_FILE'), 'SECRETS_MASTER_KEY_FILE');
  return undefined;
}

function readKeyFile(path: string, variable: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new SecretsFileError(`${variable}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

/**
 * Fills every secret variable that is unset from, in order: `<NAME>_FILE` (a file holding the value, as Docker
 * and Kubernetes mount secrets), then the encrypted SECRETS_FILE. A value set directly always wins. Problems
 * name the variable and file, never a value.
 */
export function resolveSecrets(env: NodeJS.ProcessEnv, secretNames: string[]): ResolvedSecrets {
  const out: NodeJS.ProcessEnv = { ...env };
  const problems: string[] = [];
  for (const name of secretNames) {
    const file = env[`${name}_FILE`];
    if (!blank(env[name]) || blank(file)) continue;
    try {
      out[name] = readFileSync(file!, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${name}_FILE cannot be read: ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  }
  if (!blank(env.SECRETS_FILE)) {
    try {
      const key = masterKeyFrom(env);
      if (!key) throw new SecretsFileError('SECRETS_FILE is set but neither SECRETS_MASTER_KEY nor SECRETS_MASTER_KEY_FILE is');
      const stored = readSecretsFile(env.SECRETS_FILE!, key);
      for (const [name, value] of Object.entries(stored)) {
        if (!secretNames.includes(name)) problems.push(`SECRETS_FILE holds ${name}, which is not a secret variable`);
        else if (blank(out[name])) out[name] = value;
      }
    } catch (err) {
      if (!(err instanceof SecretsFileError)) throw err;
      problems.push(err.message);
    }
  }
  return { env: out, problems };
}
