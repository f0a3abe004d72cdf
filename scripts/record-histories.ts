import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { resolveTemporalCli } from '../src/temporal/cli-path';

/**
 * Saves real histories of every workflow type from a running `npm start` (sandbox) into test/histories,
 * where test/replay.test.ts replays them against the current code: a change that would break running
 * workflows (non-determinism) fails CI. Re-record only for a deliberate, versioned change:
 *   npm start   # in one terminal, let it run a minute
 *   npm run record-histories [-- file.json=<workflowId> ...]   (extra picks, e.g. an order that was refunded)
 */
const picks: { file: string; query: string }[] = [
  { file: 'order-import-completed.json', query: "WorkflowType='orderImport' AND ExecutionStatus='Completed'" },
  { file: 'sync-parts.json', query: "WorkflowId='sync-parts'" },
  { file: 'sync-stock.json', query: "WorkflowId='sync-stock'" },
  { file: 'sync-customers.json', query: "WorkflowId='sync-customers'" },
  { file: 'woo-catchup.json', query: "WorkflowId='woo-catchup'" },
  { file: 'webhook-health.json', query: "WorkflowId='webhook-health'" },
];

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const cli = resolveTemporalCli() ?? 'temporal';
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  for (const arg of process.argv.slice(2)) {
    const [file, workflowId] = arg.split('=');
    picks.push({ file, query: `WorkflowId='${workflowId}'` });
  }
  const dir = resolve(__dirname, '../test/histories');
  mkdirSync(dir, { recursive: true });
  for (const { file, query } of picks) {
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

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
