import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startBalancer, type Balancer, type Delivery } from './balancer';
import { spawnConnector, type NodeProcess } from './processes';
import { until } from './run';

export interface ConnectorFleet {
  balancer: Balancer;
  /** The order webhook URL the store delivers to (the balancer). */
  webhookUrl: string;
  workers: NodeProcess[];
  receivers: NodeProcess[];
  /** SIGKILLs worker `i` and starts a fresh one in its place (a crashed pod being replaced). */
  killWorker(i: number): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Built once per run: each worker loads it instead of bundling at boot (what the Docker image does). */
export async function workflowBundle(dataDir: string): Promise<string> {
  const path = join(dataDir, 'workflows.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../src/workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } });
  writeFileSync(path, code);
  return path;
}


/**
 * The connector's production processes: `workers` worker processes and `receivers` webhook receivers behind a
 * round-robin balancer, all with `env` (the env contract) plus where Temporal is.
 */
export async function startFleet(opts: {
  env: NodeJS.ProcessEnv;
  logDir: string;
  dataDir: string;
  workers?: number;
  receivers?: number;
  balancerPort?: number;
  copies?: (d: Delivery) => { extra: number; delayMs: () => number };
}): Promise<ConnectorFleet> {
  const bundle = await workflowBundle(opts.dataDir);
  const receiverPorts = await Promise.all(Array.from({ length: opts.receivers ?? 2 }, () => freePort()));
  const balancer = await startBalancer({ targets: receiverPorts.map((p) => `http://127.0.0.1:${p}`), port: opts.balancerPort, copies: opts.copies });
  const webhookUrl = `${balancer.url}/webhooks/woocommerce`;
  const env = { ...opts.env, WORKFLOW_BUNDLE_PATH: bundle, WEBHOOK_PUBLIC_URL: opts.env.WEBHOOK_PUBLIC_URL ?? webhookUrl };

  const receivers = receiverPorts.map((port, i) =>
    spawnConnector('webhook', `webhook-${i + 1}`, { ...env, WEBHOOK_PORT: String(port) }, join(opts.logDir, `webhook-${i + 1}.log`)),
  );
  let generation = 0;
  const startWorker = async (i: number) => {
    const log = join(opts.logDir, `worker-${i + 1}.log`);
    const marker = `"gen":${++generation}`;
    // A generation marker in the log tells this start's "worker running" from an earlier one's.
    writeFileSync(log, `{${marker}}\n`, { flag: 'a' });
    const worker = spawnConnector('worker', `worker-${i + 1}`, env, log);
    await until(`worker-${i + 1} to run`, async () => {
      const text = readFileSync(log, 'utf8');
      return text.slice(text.lastIndexOf(marker)).includes('worker running');
    }, 120_000);
    return worker;
  };
  const workers: NodeProcess[] = [];
  for (let i = 0; i < (opts.workers ?? 2); i++) workers.push(await startWorker(i));
  for (const [i, port] of receiverPorts.entries()) {
    await until(`webhook-${i + 1} to listen`, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000);
  }
  return {
    balancer,
    webhookUrl,
    workers,
    receivers,
    async killWorker(i) {
      workers[i].kill('SIGKILL');
      await workers[i].exited;
      workers[i] = await startWorker(i);
    },
    async stop() {
      await Promise.all(receivers.map((r) => r.stop()));
      await Promise.all(workers.map((w) => w.stop()));
      await balancer.close();
    },
  };
}
