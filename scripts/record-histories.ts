import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { resolveTemporalCli, serverExecutable } from '../src/temporal/cli-path';
import { searchAttributeKeys } from '../src/temporal/search-attributes';
import type { Sims } from '../test/orders/harness';

/**
 * Saves real workflow histories into test/histories, where test/replay.test.ts replays them against the current
 * code: a change that would break running workflows (non-determinism) fails CI. Re-record only for a deliberate,
 * versioned change, and never overwrite a history older code recorded (that is what proves a patch replays).
 *
 *   npm run record-histories                 every scenario in scripts/history-scenarios.ts (the patched() paths)
 *   npm run record-histories -- <file> ...   only these scenarios, e.g. order-import-parked-retry.json
 *   npm run record-histories -- --as=<tag> <file> ...   record them again as <name>.<tag>.json (for a patch added
 *       to a path that already has a history: the old file keeps proving the old path replays)
 *   npm run record-histories -- --list       the scenario files
 *   npm run record-histories -- --from-server [file.json=<workflowId> ...]
 *       the long-running loops from a running `npm start` (TEMPORAL_ADDRESS, default 127.0.0.1:7233)
 *
 * Scenarios run on their own Temporal dev server (the CLI the tests use) against the simulators; nothing else is
 * needed. In both modes existing files are kept unless --overwrite is given.
 */
const dir = resolve(__dirname, '../test/histories');

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--from-server')) return fromServer(argv.filter((a) => !a.startsWith('--')), argv.includes('--overwrite'));
  const { scenarios } = await import('./history-scenarios');
  if (argv.includes('--list')) return void scenarios.forEach((s) => console.log(s.file));
  const overwrite = argv.includes('--overwrite');
  // --as=<tag>: a second recording of a scenario under <name>.<tag>.json, for patches added after the first one.
  const tag = argv.find((a) => a.startsWith('--as='))?.slice('--as='.length);
  const target = (file: string) => (tag ? file.replace(/\.json$/, `.${tag}.json`) : file);
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !scenarios.some((s) => s.file === w));
  if (unknown.length) throw new Error(`no scenario named ${unknown.join(', ')} (see --list)`);
  const chosen = scenarios.filter((s) => {
    if (wanted.length > 0 && !wanted.includes(s.file)) return false;
    if (overwrite || !existsSync(resolve(dir, target(s.file)))) return true;
    console.log(`${target(s.file)}: kept the existing file (--overwrite to replace it)`);
    return false;
  });
  if (chosen.length === 0) return;

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createLocal({ server: { ...serverExecutable(), ip: '127.0.0.1', searchAttributes: searchAttributeKeys } });
  const open: Sims[] = [];
  try {
    // The harness in test/ finds the server and the bundle the way jest's global setup provides them.
    process.env.TEMPORAL_TEST_ADDRESS = env.address;
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), logger: quiet });
    process.env.TEMPORAL_TEST_BUNDLE = join(mkdtempSync(join(tmpdir(), 'record-histories-')), 'workflows.js');
    writeFileSync(process.env.TEMPORAL_TEST_BUNDLE, code);
    const { startOrderSims } = await import('../test/orders/harness');
    mkdirSync(dir, { recursive: true });
    for (const scenario of chosen) {
      const handle = await scenario.run({
        env,
        sims: async () => {
          const sims = await startOrderSims(env);
          open.push(sims);
          await sims.startWorker();
          return sims;
        },
      });
      await save(target(scenario.file), handle);
      await Promise.allSettled(open.splice(0).map((s) => s.close()));
    }
  } finally {
    await Promise.allSettled(open.map((s) => s.close()));
    await env.teardown();
  }
}

async function save(file: string, handle: WorkflowHandle): Promise<void> {
  const path = resolve(dir, file);
  const history = await handle.fetchHistory();
  writeFileSync(path, historyToJSON(history));
  console.log(`${file}: ${handle.workflowId} (${history.events?.length ?? 0} events)`);
}

/** The long-running loops (and any picked workflow) from a running `npm start`. */
async function fromServer(args: string[], overwrite: boolean): Promise<void> {
  const picks: { file: string; query: string }[] = [
    { file: 'order-import-completed.json', query: "WorkflowType='orderImport' AND ExecutionStatus='Completed'" },
    { file: 'sync-parts.json', query: "WorkflowId='sync-parts'" },
    { file: 'sync-stock.json', query: "WorkflowId='sync-stock'" },
    { file: 'sync-customers.json', query: "WorkflowId='sync-customers'" },
    { file: 'woo-catchup.json', query: "WorkflowId='woo-catchup'" },
    { file: 'webhook-health.json', query: "WorkflowId='webhook-health'" },
  ];
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const cli = resolveTemporalCli() ?? 'temporal';
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  for (const arg of args) {
    const [file, workflowId] = arg.split('=');
    picks.push({ file, query: `WorkflowId='${workflowId}'` });
  }
  mkdirSync(dir, { recursive: true });
  for (const { file, query } of picks) {
    if (!overwrite && existsSync(resolve(dir, file))) {
      console.log(`${file}: kept the existing file (--overwrite to replace it)`);
      continue;
    }
    let found = false;
    for await (const wf of client.workflow.list({ query, pageSize: 1 })) {
      // The CLI's JSON is the format the Web UI downloads and historyFromJSON reads.
      const json = execFileSync(cli, ['workflow', 'show', '--address', address, '--workflow-id', wf.workflowId, '--run-id', wf.runId, '--output', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      writeFileSync(resolve(dir, file), json);
      console.log(`${file}: ${wf.type} ${wf.workflowId} (${JSON.parse(json).events.length} events)`);
      found = true;
      break;
    }
    if (!found) console.warn(`${file}: nothing matches ${query}`);
  }
  await connection.close();
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };

main(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
