import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { serverExecutable } from '../src/temporal/cli-path';
import { ensureSearchAttributes } from '../src/temporal/ensure-search-attributes';
import { searchAttributeKeys } from '../src/temporal/search-attributes';
import { startClusterInfra } from '../scripts/cluster/infra';
import { ROOT } from '../scripts/cluster/settings';
import { catalogScale } from './catalog-scale';
import { ackVsSignalWithStart, endToEnd } from './ratios';

/**
 * The production-shape ratios in one run, per target: BENCH_TARGET=dev (default; a dev server), cluster
 * (PostgreSQL + Temporal built from Go, see docs/cluster.md) or both. BENCH_PARTS lists the catalog sizes
 * (default 10000,100000), BENCH_ORDERS the end-to-end order count. BENCH_ONLY=catalog runs only the catalog
 * sizes: nothing else has run in this process then, so its peak RSS is the worker's alone. Prints a table, writes
 * .data/bench/ratios-<target>.json (ratios-<target>-catalog.json for a catalog-only run).
 */
async function target(name: 'dev' | 'cluster') {
  if (name === 'dev') {
    const env = await TestWorkflowEnvironment.createLocal({ server: { ...serverExecutable(), ip: '127.0.0.1', searchAttributes: searchAttributeKeys, log: { format: 'pretty', level: 'never' } } });
    return { address: env.address, namespace: 'default', stop: () => env.teardown() };
  }
  const infra = await startClusterInfra({ ...process.env, CLUSTER_PORT_BASE: process.env.CLUSTER_PORT_BASE ?? '27233', CLUSTER_DATA_DIR: join(ROOT, '.data/bench/cluster') });
  return { address: infra.address, namespace: infra.namespace, stop: infra.stop };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const names = (process.env.BENCH_TARGET ?? 'dev') === 'both' ? (['dev', 'cluster'] as const) : [(process.env.BENCH_TARGET ?? 'dev') as 'dev' | 'cluster'];
  const sizes = (process.env.BENCH_PARTS ?? '10000,100000').split(',').map(Number).filter(Boolean);
  const orders = Number(process.env.BENCH_ORDERS ?? 200);
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'catalog') throw new Error(`BENCH_ONLY=${only}: only "catalog" is supported`);
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), logger: new DefaultLogger('ERROR') });
  const codePath = join(mkdtempSync(join(tmpdir(), 'bench-ratios-')), 'workflows.js');
  writeFileSync(codePath, code);
  process.env.WORKFLOW_BUNDLE_PATH = codePath;
  mkdirSync(join(ROOT, '.data/bench'), { recursive: true });
  for (const name of names) {
    const t = await target(name);
    const connection = await Connection.connect({ address: t.address });
    const client = new Client({ connection, namespace: t.namespace });
    await ensureSearchAttributes(client, t.namespace);
    try {
      // Each part is printed as soon as it is measured: a large catalog can take long, and what came before stays.
      const ack = only ? undefined : await ackVsSignalWithStart(client);
      if (ack) console.log(JSON.stringify({ target: name, ack }));
      const e2e = only ? undefined : await endToEnd(client, t.address, t.namespace, orders);
      if (e2e) console.log(JSON.stringify({ target: name, e2e }));
      const catalog = [];
      for (const parts of sizes) {
        catalog.push(await catalogScale(client, t.address, t.namespace, { codePath }, parts));
        console.log(JSON.stringify({ target: name, catalog: catalog.at(-1) }));
      }
      const result = { target: name, at: new Date().toISOString(), ack, e2e, catalog };
      writeFileSync(join(ROOT, `.data/bench/ratios-${name}${only ? `-${only}` : ''}.json`), JSON.stringify(result, null, 2));
      console.log(table(result));
      console.log(JSON.stringify(result));
    } finally {
      await connection.close();
      await t.stop();
    }
  }
}

function table(r: { target: string; ack?: Awaited<ReturnType<typeof ackVsSignalWithStart>>; e2e?: Awaited<ReturnType<typeof endToEnd>>; catalog: Awaited<ReturnType<typeof catalogScale>>[] }): string {
  const rows = [
    ...(r.ack && r.e2e ? ackRows(r.ack, r.e2e) : []),
    ...r.catalog.flatMap((c) => [
      [`${c.parts} parts: Woo writes per 100 changed / unchanged cycle`, `${c.wooWritesPer100Changed} / ${c.wooWritesUnchangedCycle}`],
      [`${c.parts} parts: worker peak RSS, history events per cycle`, `${c.workerRssPeakMiB} MiB, ${c.historyEventsPerCycle}`],
      [`${c.parts} parts: first full cycle (its Woo write requests), whole run`, `${c.initialSeconds} s (${c.wooWritesFirstCycle}), ${c.totalSeconds} s`],
      [`${c.parts} parts: history events, first (full) cycle / each later cycle`, `${c.historyEventsFirstCycle} / ${c.historyEventsPerLaterCycle}`],
    ]),
  ];
  return [`target: ${r.target}`, ...rows.map(([k, v]) => `  ${k.padEnd(62)} ${v}`)].join('\n');
}

function ackRows(ack: Awaited<ReturnType<typeof ackVsSignalWithStart>>, e2e: Awaited<ReturnType<typeof endToEnd>>): string[][] {
  const r = { ack, e2e };
  return [
    [`webhook ack p50 / p99 (50 in flight; 503s)`, `${r.ack.ack.p50} / ${r.ack.ack.p99} ms (${r.ack.ack503})`],
    [`bare signalWithStart p50 / p99`, `${r.ack.signalWithStart.p50} / ${r.ack.signalWithStart.p99} ms`],
    [`  ratio p50 / p99 (target p99 <= 1.3)`, `${r.ack.ratioP50} / ${r.ack.ratioP99}`],
    [`orders/s end to end (${r.e2e.orders} orders)`, `${r.e2e.ordersPerSecond}`],
    [`floor orders/s (${r.e2e.activitiesPerOrder} no-op activities)`, `${r.e2e.floorOrdersPerSecond}`],
    [`  ratio (target >= 0.6)`, `${r.e2e.ratio}`],
    [`delivery -> committed p50 / p99`, `${r.e2e.latencyMs.p50} / ${r.e2e.latencyMs.p99} ms`],
  ];
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
