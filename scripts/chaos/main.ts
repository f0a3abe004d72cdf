import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startClusterInfra } from '../cluster/infra';
import { clusterPaths, ROOT } from '../cluster/settings';
import { startDevTarget } from './dev-target';
import { printReport, runChaos, type ChaosTarget } from './run-chaos';

/**
 * `npm run chaos` (cluster: PostgreSQL + Temporal built from Go, 1,000 orders) or
 * `CHAOS_TARGET=dev npm run chaos` (a dev server). CHAOS_ORDERS and CHAOS_KILLS change the size.
 * Prints the verdict, writes it as JSON to .data/chaos/report-<target>.json, exits 1 when a check fails.
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const targetName = (process.env.CHAOS_TARGET ?? 'cluster') as 'dev' | 'cluster';
  const dataDir = join(ROOT, '.data/chaos');
  const logDir = join(dataDir, `logs-${targetName}-${Date.now()}`);
  mkdirSync(logDir, { recursive: true });
  let target: ChaosTarget;
  let stop: () => Promise<void>;
  if (targetName === 'cluster') {
    // Beside a running `npm run cluster` by default: its own ports and data folder.
    const env = { ...process.env, CLUSTER_PORT_BASE: process.env.CLUSTER_PORT_BASE ?? '17233', CLUSTER_DATA_DIR: process.env.CLUSTER_DATA_DIR ?? join(dataDir, 'cluster') };
    const infra = await startClusterInfra(env);
    target = { name: 'cluster', address: infra.address, namespace: infra.namespace, restartTemporal: infra.restartTemporal, restartPostgres: infra.restartPostgres };
    stop = infra.stop;
    console.log(`cluster logs: ${clusterPaths(env).logDir}`);
  } else {
    const dev = await startDevTarget(join(dataDir, 'dev'));
    target = dev;
    stop = dev.stop;
  }
  try {
    const report = await runChaos({
      target,
      orders: Number(process.env.CHAOS_ORDERS ?? 1000),
      kills: Number(process.env.CHAOS_KILLS ?? 3),
      logDir,
      dataDir,
      settleTimeoutMs: Number(process.env.CHAOS_SETTLE_MS ?? 20 * 60_000),
      log: (line) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`),
    });
    console.log(printReport(report));
    writeFileSync(join(dataDir, `report-${targetName}.json`), JSON.stringify(report, null, 2));
    console.log(`connector logs: ${logDir}`);
    if (report.failures.length > 0) process.exitCode = 1;
  } finally {
    await stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
