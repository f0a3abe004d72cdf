import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { run, until } from './run';
import { TEMPORAL_SERVER_VERSION, type ClusterPorts } from './settings';

/**
 * The Temporal server built from its Go module (no Docker here). It runs on the config template the
 * temporalio images use (config/docker.yaml from the same module), fed the same environment variables as
 * the compose file's `temporal` service, so persistence settings are the compose file's by construction.
 */
export async function ensureTemporalBinaries(toolsDir: string, log: (line: string) => void = console.log): Promise<{ server: string; sqlTool: string; configDir: string }> {
  const server = join(toolsDir, 'server');
  const sqlTool = join(toolsDir, 'sql');
  const configDir = join(toolsDir, 'config');
  mkdirSync(toolsDir, { recursive: true });
  const build = async (pkg: string) => {
    log(`building ${pkg}@${TEMPORAL_SERVER_VERSION} with ${await run('go', ['version']).catch(() => 'no Go (install Go 1.24+)')} (a few minutes, once)`);
    // Outside any module so the project's own go.mod, if one appears, cannot interfere.
    await run('go', ['install', `${pkg}@${TEMPORAL_SERVER_VERSION}`], { cwd: toolsDir, env: { ...process.env, GOBIN: toolsDir, GOFLAGS: '-mod=mod' } });
  };
  if (!existsSync(server)) await build('go.temporal.io/server/cmd/server');
  if (!existsSync(sqlTool)) await build('go.temporal.io/server/cmd/tools/sql');
  if (!existsSync(join(configDir, 'docker.yaml'))) {
    const modCache = (await run('go', ['env', 'GOMODCACHE'])).trim();
    const moduleDir = join(modCache, `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`);
    if (!existsSync(moduleDir)) await run('go', ['mod', 'download', '-x', `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`], { cwd: toolsDir });
    mkdirSync(join(configDir, 'dynamicconfig'), { recursive: true });
    copyFileSync(join(moduleDir, 'config/docker.yaml'), join(configDir, 'docker.yaml'));
    // The connector needs no dynamic config beyond the defaults; an empty file keeps the server quiet.
    writeFileSync(join(configDir, 'dynamicconfig/docker.yaml'), '{}\n');
  }
  return { server, sqlTool, configDir };
}

/** Environment of the server and schema tool: the shared settings file, plus where PostgreSQL listens here. */
export function serverEnv(settings: Record<string, string>, ports: ClusterPorts, password: string, configDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ...settings,
    DB_PORT: String(ports.postgres),
    // docker.yaml reads the visibility store's port from here (its default is 5432, not DB_PORT).
    VISIBILITY_DB_PORT: String(ports.postgres),
    POSTGRES_SEEDS: '127.0.0.1',
    POSTGRES_PWD: password,
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: join(configDir, 'dynamicconfig/docker.yaml'),
    LOG_LEVEL: process.env.TEMPORAL_LOG_LEVEL ?? 'warn',
    ...ports.serverEnv,
  };
}

/** What auto-setup does before starting the server: create both databases and bring their schemas up to date. */
export async function setupSchema(sqlTool: string, env: NodeJS.ProcessEnv): Promise<void> {
  for (const [db, schema] of [
    [env.DBNAME!, 'temporal'],
    [env.VISIBILITY_DBNAME!, 'visibility'],
  ]) {
    const base = ['--plugin', env.DB!, '--ep', env.POSTGRES_SEEDS!, '-p', env.DB_PORT!, '-u', env.POSTGRES_USER!, '--db', db];
    // The password goes by environment, not argv (which any local user can read with ps).
    const opts = { env: { PATH: env.PATH, SQL_PASSWORD: env.POSTGRES_PWD } };
    await run(sqlTool, [...base, 'create-database'], opts).catch((err) => {
      if (!/already exists/.test(String(err))) throw err;
    });
    await run(sqlTool, [...base, 'setup-schema', '-v', '0.0'], opts).catch((err) => {
      // Already set up: update-schema below brings it to the latest version.
      if (!/already exists|schema_version/i.test(String(err))) throw err;
    });
    await run(sqlTool, [...base, 'update-schema', '--schema-name', `postgresql/v12/${schema}`], opts);
  }
}

export interface TemporalServer {
  address: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export function temporalServer(opts: { binary: string; toolsDir: string; env: NodeJS.ProcessEnv; logFile: string; port: number }): TemporalServer {
  const address = `127.0.0.1:${opts.port}`;
  // Every port the single binary binds: the four services' gRPC and membership ports, the frontend's HTTP ports.
  const ports = Object.entries(opts.env)
    .filter(([k, v]) => /_(GRPC|MEMBERSHIP|HTTP)_PORT$/.test(k) && v)
    .map(([k, v]) => ({ name: k, port: Number(v) }));
  // The worker service binds no gRPC listener of its own.
  const grpcPorts = ports.filter((p) => /^(FRONTEND|HISTORY|MATCHING)_GRPC_PORT$/.test(p.name));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const note = (line: string) => log.write(`${JSON.stringify({ level: 'info', ts: new Date().toISOString(), msg: `cluster script: ${line}` })}\n`);

  async function spawnOnce(): Promise<void> {
    // A restart must not race the previous process (or anything else) for a port: wait until all are free.
    await until(`ports ${ports.map((p) => p.port).join(', ')} to be free`, async () => (await Promise.all(ports.map((p) => listening(p.port)))).every((l) => !l), 60_000);
    child = spawn(opts.binary, ['--root', opts.toolsDir, '--config', 'config', '--env', 'docker', '--allow-no-auth', 'start'], {
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    const c = child;
    exited = new Promise((r) => c.once('exit', (code, signal) => {
      note(`server process ${c.pid} exited (${signal ?? code})`);
      r();
    }));
    let dead = false;
    void exited.then(() => (dead = true));
    // Ready means every service serves, not only the frontend: a frontend answering beside a matching service
    // that never came up accepts starts and polls that then go nowhere.
    await until('every Temporal service to serve', async () => {
      if (dead) return true;
      if (!(await Promise.all(grpcPorts.map((p) => listening(p.port)))).every(Boolean)) return false;
      const conn = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await conn.workflowService.getSystemInfo({});
        // Answered by matching and by history through the frontend.
        await conn.workflowService.describeTaskQueue({ namespace: 'temporal-system', taskQueue: { name: 'cluster-readiness' } });
        await conn.workflowService.describeWorkflowExecution({ namespace: 'temporal-system', execution: { workflowId: 'cluster-readiness' } }).catch((err) => {
          if (!/not found/i.test(String(err))) throw err;
        });
        return true;
      } finally {
        await conn.close();
      }
    }, 120_000);
    if (dead) throw new Error(`Temporal server exited; see ${opts.logFile}`);
  }

  async function stop(): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // Each service drains and leaves the membership ring on SIGTERM; under load that takes longer than 15 s.
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      note('graceful stop took over 45 s: SIGKILL');
      child?.kill('SIGKILL');
    }, 45_000);
    await exited;
    clearTimeout(timer);
  }

  return {
    address,
    async start() {
      for (let attempt = 1; ; attempt++) {
        try {
          await spawnOnce();
          return;
        } catch (err) {
          // What a supervisor does with a server that did not come up: stop it and start it again.
          if (attempt >= 3) throw err;
          note(`start attempt ${attempt} failed (${String(err).slice(0, 300)}); restarting the server`);
          await stop();
        }
      }
    },
    stop,
    async restart() {
      note('restart requested');
      await stop();
      await this.start();
      note('restarted; every service serves');
    },
  };
}

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** auto-setup registers the namespace; the bare server does not. Waits until it is usable (cache refresh). */
export async function ensureNamespace(address: string, namespace: string, retentionDays = 3): Promise<void> {
  const conn = await Connection.connect({ address });
  try {
    try {
      await conn.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000) });
    } catch (err) {
      if (!/already exists/i.test(String(err))) throw err;
    }
    await until(`namespace ${namespace}`, async () => {
      await conn.workflowService.describeNamespace({ namespace });
      await conn.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
      return true;
    }, 60_000);
  } finally {
    await conn.close();
  }
}
