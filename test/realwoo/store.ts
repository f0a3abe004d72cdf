import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KIT_DIR } from './releases';

const run = promisify(execFile);

export interface RealStore {
  /** realwoo.env: WOO_BASE_URL, WOO_CONSUMER_KEY/SECRET, REALWOO_*_LOG, REALWOO_WP_OPTION, ... */
  env: Record<string, string>;
  baseUrl: string;
  /** Seconds setup.sh took (its own "ready in N s" figure). */
  setupSeconds: number;
  /** JSON lines of one of the store's logs (webhooks, rest-writes, mail). */
  logLines(log: 'webhooks' | 'rest-writes' | 'mail'): Record<string, unknown>[];
  /** `php wp-option.php <args>`: read or write a WordPress option straight in the database. */
  wpOption(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Stands up one real WordPress + WooCommerce with the kit (Debian's PHP and MariaDB, installed by setup.sh if
 * missing). The store's processes live in their own sessions, so `stop()` must run even when tests fail.
 */
export async function startRealStore(tarballs: { wpTarball: string; wcTarball: string }): Promise<RealStore> {
  const dir = mkdtempSync(join(tmpdir(), 'realwoo-'));
  let out = '';
  const release = await setupLock();
  try {
    const res = await run('bash', [join(KIT_DIR, 'setup.sh'), dir], {
      // The queue loop looks for due webhook deliveries every 0.3 s instead of 1 s: most of the suite's waiting.
      env: { QUEUE_EVERY: '0.3', ...process.env, WP_TARBALL: tarballs.wpTarball, WC_TARBALL: tarballs.wcTarball },
      timeout: 900_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    out = `${res.stdout}${res.stderr}`;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    // setup.sh prints some logs' tails itself; the database initialisation log is not one of them.
    const extra = ['mariadb-install.log']
      .map((f) => join(dir, 'logs', f))
      .filter((f) => existsSync(f))
      .map((f) => `--- tail ${f}\n${readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}`);
    rmSync(dir, { recursive: true, force: true });
    release();
    throw new Error(`realwoo setup.sh failed: ${e.message.split('\n')[0]}\n${(e.stderr ?? '').split('\n').slice(-25).join('\n')}\n${extra.join('\n')}`);
  }
  release();
  const env = parseEnv(readFileSync(join(dir, 'realwoo.env'), 'utf8'));
  const logFile = (log: string) => join(env.REALWOO_LOG_DIR, `${log}.log`);
  return {
    env,
    baseUrl: env.WOO_BASE_URL,
    setupSeconds: Number(/ready in ([\d.]+)s/.exec(out)?.[1] ?? NaN),
    logLines: (log) =>
      existsSync(logFile(log))
        ? readFileSync(logFile(log), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    wpOption: async (...args) => (await run('php', [env.REALWOO_WP_OPTION, ...args], { env: { ...process.env, WP_ROOT: env.WP_ROOT } })).stdout.trim(),
    stop: async () => {
      await run('bash', [join(KIT_DIR, 'stop.sh'), dir]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One setup.sh at a time across jest's workers: on a fresh machine both would run apt-get and swap Debian's
 * policy-rc.d under each other, and two MariaDB initialisations at once failed here once under heavy load.
 * A directory is the lock (mkdir is atomic); one left by a killed run is taken over after its owner is gone.
 */
async function setupLock(): Promise<() => void> {
  const lock = join(tmpdir(), 'epicor-woo-realwoo-setup.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // Released or not yet written: look again.
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `NAME=value` lines, values single-quoted only when they hold unusual characters (kit README). */
function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace(/'\\''/g, "'");
  }
  return env;
}
