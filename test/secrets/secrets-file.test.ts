import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buildCtl } from '../../src/cli/ctl/program';
import { ConfigError, loadConfig } from '../../src/config';

const production = {
  EPICOR_BASE_URL: 'https://erp.example.com/KineticLive',
  EPICOR_COMPANY: 'ACME01',
  EPICOR_USERNAME: 'integration',
  WOO_BASE_URL: 'https://shop.example.com',
};

/** Runs `ctl secrets ...` with the given environment and stdin; returns what it printed. */
async function ctl(env: NodeJS.ProcessEnv, args: string[], stdin = ''): Promise<string> {
  const out: string[] = [];
  const program = buildCtl({ env, out: (t) => out.push(t), stdin: Readable.from([stdin]), context: () => Promise.reject(new Error('secrets never connect')) });
  await program.parseAsync(['node', 'ctl', ...args]);
  return out.join('\n');
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('credentials at rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epicor-woo-secrets-'));
  const keyFile = join(dir, 'master.key');
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const file = join(dir, 'secrets.enc');
  const env = { ...production, SECRETS_FILE: file, SECRETS_MASTER_KEY_FILE: keyFile };
  const values = {
    EPICOR_API_KEY: 'epicor-api-key-7c1',
    EPICOR_PASSWORD: 'p@ss word with spaces',
    WOO_CONSUMER_KEY: 'ck_live_5e1',
    WOO_CONSUMER_SECRET: 'cs_live_9a2',
    WOO_WEBHOOK_SECRET: 'whsec_3f4',
  };

  it('round-trips every credential through the encrypted file, never printing or storing a value in clear', async () => {
    for (const [name, value] of Object.entries(values)) expect(await ctl(env, ['secrets', 'set', name], `${value}\n`)).toMatch(new RegExp(`^${name} stored in `));
    const raw = readFileSync(file, 'utf8');
    for (const value of Object.values(values)) expect(raw).not.toContain(value);
    expect(statSync(file).mode & 0o077).toBe(0);

    const listed = await ctl(env, ['secrets', 'list']);
    expect(listed.split('\n').slice(1).map((l) => l.trim())).toEqual(Object.keys(values).sort());
    for (const value of Object.values(values)) expect(listed).not.toContain(value);

    const config = loadConfig(env);
    expect(config.epicor).toMatchObject({ apiKey: values.EPICOR_API_KEY, password: values.EPICOR_PASSWORD });
    expect(config.woo).toMatchObject({ consumerKey: values.WOO_CONSUMER_KEY, consumerSecret: values.WOO_CONSUMER_SECRET, webhookSecret: values.WOO_WEBHOOK_SECRET });
    // A variable set directly wins over the file (an emergency override needs no file edit).
    expect(loadConfig({ ...env, EPICOR_PASSWORD: 'override-1' }).epicor.password).toBe('override-1');
  });

  it('refuses a wrong master key and a tampered file at start-up, with a clear error and no value', async () => {
    const wrong = problems({ ...env, SECRETS_MASTER_KEY_FILE: undefined, SECRETS_MASTER_KEY: randomBytes(32).toString('base64') });
    expect(wrong).toContainEqual(expect.stringMatching(/^wrong master key for secrets file .*written with key [0-9a-f]{12}, the configured key is [0-9a-f]{12}$/));

    const envelope = JSON.parse(readFileSync(file, 'utf8')) as { data: string };
    const bytes = Buffer.from(envelope.data, 'base64');
    bytes[3] ^= 0x01;
    const tampered = join(dir, 'tampered.enc');
    writeFileSync(tampered, JSON.stringify({ ...envelope, data: bytes.toString('base64') }));
    const tamperedProblems = problems({ ...env, SECRETS_FILE: tampered });
    expect(tamperedProblems).toContainEqual(expect.stringMatching(/was tampered with or is corrupted/));
    for (const p of [...wrong, ...tamperedProblems]) for (const value of Object.values(values)) expect(p).not.toContain(value);

    expect(problems({ ...env, SECRETS_MASTER_KEY_FILE: undefined })).toContainEqual(expect.stringMatching(/SECRETS_FILE is set but neither SECRETS_MASTER_KEY nor SECRETS_MASTER_KEY_FILE/));
    await expect(ctl({ ...env, SECRETS_MASTER_KEY: 'too-short', SECRETS_MASTER_KEY_FILE: undefined }, ['secrets', 'list'])).rejects.toThrow(/not a master key/);
    await expect(ctl(env, ['secrets', 'set', 'EPICOR_COMPANY'], 'x')).rejects.toThrow(/EPICOR_COMPANY is not a secret variable/);
  });

  it('rotates the master key: the new key opens the file, the old one no longer does', async () => {
    const newKeyFile = join(dir, 'master-2.key');
    const text = await ctl(env, ['secrets', 'rotate', '--new-key-file', newKeyFile]);
    expect(text).toMatch(/re-encrypted: key [0-9a-f]{12} → [0-9a-f]{12}, new key in /);
    expect(statSync(newKeyFile).mode & 0o077).toBe(0);
    expect(loadConfig({ ...env, SECRETS_MASTER_KEY_FILE: newKeyFile }).woo.webhookSecret).toBe(values.WOO_WEBHOOK_SECRET);
    expect(problems(env)).toContainEqual(expect.stringMatching(/^wrong master key/));
    await expect(ctl(env, ['secrets', 'rotate', '--new-key-file', newKeyFile])).rejects.toThrow();
  });

  it('reads any secret from <NAME>_FILE (Docker and Kubernetes secrets), and names a missing file', () => {
    const pw = join(dir, 'epicor_password');
    writeFileSync(pw, 'from-a-docker-secret\n');
    const config = loadConfig({ ...production, EPICOR_API_KEY: 'k', EPICOR_PASSWORD_FILE: pw, WOO_CONSUMER_KEY: 'a', WOO_CONSUMER_SECRET: 'b', WOO_WEBHOOK_SECRET_FILE: pw });
    expect(config.epicor.password).toBe('from-a-docker-secret');
    expect(config.woo.webhookSecret).toBe('from-a-docker-secret');
    expect(problems({ ...production, EPICOR_API_KEY: 'k', EPICOR_PASSWORD_FILE: join(dir, 'nope'), WOO_CONSUMER_KEY: 'a', WOO_CONSUMER_SECRET: 'b', WOO_WEBHOOK_SECRET: 'c' })).toEqual([
      `EPICOR_PASSWORD_FILE cannot be read: ${join(dir, 'nope')} (ENOENT)`,
    ]);
  });
});
