import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';

const root = resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

// What `npm start` runs (kept in step by the first test). Node loads TypeScript through tsx's require hook
// rather than the tsx wrapper process, which SIGKILLs a child that is slow to acknowledge Ctrl-C and would
// orphan the embedded Temporal server.
const START_SCRIPT = 'node --require tsx/cjs src/cli/index.ts start';

/** `npm start` as a newcomer runs it, in its own process group so SIGINT reaches it like Ctrl-C. */
function start(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  const [, ...args] = START_SCRIPT.split(' ');
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const ready = new Promise<void>((done, fail) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('Press Ctrl-C to stop.')) done();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => fail(new Error(`npm start exited early (${code}):\n${text}`)));
  });
  return { child, output: () => text, ready };
}

async function ctrlC(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  process.kill(-child.pid!, 'SIGINT');
  return exited;
}

/** Processes whose command line mentions the run's private data folder: the dev server among them. */
const processesUsing = (marker: string) =>
  execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(marker));

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'epicor-woo-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is what the README tells a newcomer to run', () => {
    expect(require(join(root, 'package.json')).scripts.start).toBe(START_SCRIPT);
  });

  it('runs the whole stack with the Web UI, stops cleanly on Ctrl-C and keeps workflows across a restart', async () => {
    const ports = { dev: await freePort(), ui: await freePort(), webhook: await freePort(), epicor: await freePort(), woo: await freePort(), metrics: await freePort() };
    const env = {
      TEMPORAL_DATA_DIR: dataDir,
      TEMPORAL_DEV_PORT: String(ports.dev),
      TEMPORAL_UI_PORT: String(ports.ui),
      WEBHOOK_PORT: String(ports.webhook),
      SANDBOX_EPICOR_PORT: String(ports.epicor),
      SANDBOX_WOO_PORT: String(ports.woo),
      SANDBOX_SHOPPER_EVERY: '1s',
      TEMPORAL_METRICS_BIND: `127.0.0.1:${ports.metrics}`,
    };

    const first = start(env);
    await first.ready;
    expect(first.output()).toContain(`Temporal Web UI:    http://127.0.0.1:${ports.ui}`);
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${ports.webhook}/readyz`)).json()).toMatchObject({ status: 'ready' });
    expect((await fetch(`http://127.0.0.1:${ports.woo}/_admin/orders`)).status).toBe(200);
    // Operators scrape the worker's SDK metrics and the receiver's own.
    expect(await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text()).toMatch(/^temporal_/m);
    expect(await (await fetch(`http://127.0.0.1:${ports.webhook}/metrics`)).text()).toContain('woo_webhook_deliveries_total');

    const connection = await Connection.connect({ address: `127.0.0.1:${ports.dev}` });
    const client = new Client({ connection });
    const before = await client.workflow.getHandle('sync-parts').describe();
    expect(before.status.name).toBe('RUNNING');
    await connection.close();

    expect({ exit: await ctrlC(first.child), output: first.output() }).toMatchObject({ exit: 0 });
    expect(processesUsing(dataDir)).toEqual([]);

    // State lives in the SQLite file: after a restart the same loop run is still there, not a new one.
    const second = start(env);
    await second.ready;
    const again = await Connection.connect({ address: `127.0.0.1:${ports.dev}` });
    const after = await new Client({ connection: again }).workflow.getHandle('sync-parts').describe();
    expect(after.runId).toBe(before.runId);
    await again.close();
    expect({ exit: await ctrlC(second.child), output: second.output() }).toMatchObject({ exit: 0 });
    expect(processesUsing(dataDir)).toEqual([]);
  }, 120_000);
});
