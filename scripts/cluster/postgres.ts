import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asUser, run } from './run';

/**
 * Debian's PostgreSQL on its own data folder under .data/, listening on loopback only (never the system
 * service), with the superuser and password the postgres image creates from POSTGRES_USER/POSTGRES_PASSWORD.
 */
export interface Postgres {
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL not found: apt-get install postgresql (or set PG_BIN to its bin folder)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export function postgres(opts: { dataDir: string; logFile: string; port: number; user: string; password: string }): Postgres {
  const bin = pgBin();
  const osUser = 'postgres';
  const exec = (tool: string, args: string[]) => run(...asUser(osUser, join(bin, tool), args));
  const owned = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    if (process.getuid?.() === 0) chownSync(dir, uidOf(osUser), gidOf(osUser));
  };
  const pgCtl = (...args: string[]) => exec('pg_ctl', ['-D', opts.dataDir, ...args]);

  async function init(): Promise<void> {
    if (existsSync(join(opts.dataDir, 'PG_VERSION'))) return;
    owned(opts.dataDir);
    const pwFile = join(opts.dataDir, '..', '.pgpass-init');
    writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o644 });
    try {
      await exec('initdb', ['-D', opts.dataDir, '-U', opts.user, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C']);
    } finally {
      writeFileSync(pwFile, '');
    }
  }
  return {
    port: opts.port,
    async start() {
      await init();
      // Left running by an earlier run that died: reuse it rather than fail on the lock file.
      if (await pgCtl('status').then(() => true, () => false)) return;
      owned(join(opts.logFile, '..'));
      writeFileSync(opts.logFile, '', { flag: 'a' });
      if (process.getuid?.() === 0) chownSync(opts.logFile, uidOf(osUser), gidOf(osUser));
      const settings = `-p ${opts.port} -k ${opts.dataDir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
      await pgCtl('-l', opts.logFile, '-o', settings, '-w', '-t', '60', 'start');
    },
    async stop() {
      await pgCtl('-m', 'fast', '-w', 'stop').catch((err) => {
        if (!/no server running|PID file .* does not exist/i.test(String(err))) throw err;
      });
    },
    async restart() {
      await this.stop();
      await this.start();
    },
  };
}

const idCache = new Map<string, number[]>();
function ids(user: string): number[] {
  if (!idCache.has(user)) {
    const line = require('node:fs').readFileSync('/etc/passwd', 'utf8').split('\n').find((l: string) => l.startsWith(`${user}:`));
    if (!line) throw new Error(`no ${user} OS user: install Debian's postgresql package`);
    const [, , uid, gid] = line.split(':');
    idCache.set(user, [Number(uid), Number(gid)]);
  }
  return idCache.get(user)!;
}
const uidOf = (u: string) => ids(u)[0];
const gidOf = (u: string) => ids(u)[1];
