import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../../src/temporal/ensure-search-attributes';
import { untilSignal } from '../../src/cli/until-signal';
import { startFleet } from './connector';
import { startClusterInfra } from './infra';
import { spawnNode } from './processes';
import { until } from './run';

/**
 * `npm run cluster`: the production shape of docker-compose.yml without Docker. PostgreSQL (Debian's, own data
 * folder under .data/cluster, loopback), the Temporal server built from its Go module, two worker processes,
 * two webhook receivers behind a round-robin balancer on WEBHOOK_PORT, and the sandbox systems. Ctrl-C stops
 * everything in reverse order.
 */
async function main(): Promise<void> {
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const infra = await startClusterInfra();
    stops.push(infra.stop);
    const connection = await Connection.connect({ address: infra.address });
    await ensureSearchAttributes(new Client({ connection, namespace: infra.namespace }), infra.namespace);
    await connection.close();

    const sandboxEnv = { ...process.env, SANDBOX: '1' };
    const sandbox = spawnNode('sandbox', ['--require', 'tsx/cjs', 'scripts/cluster/sandbox.ts'], sandboxEnv, join(infra.logDir, 'sandbox.log'));
    stops.push(() => sandbox.stop());
    const wooPort = process.env.SANDBOX_WOO_PORT ?? '4102';
    await until('the sandbox', async () => (await fetch(`http://127.0.0.1:${wooPort}/_admin/settings`)).ok);

    const webhookPort = Number(process.env.WEBHOOK_PORT ?? 3000);
    const fleet = await startFleet({
      env: { ...sandboxEnv, TEMPORAL_ADDRESS: infra.address, TEMPORAL_NAMESPACE: infra.namespace },
      logDir: infra.logDir,
      dataDir: infra.dataDir,
      balancerPort: webhookPort,
    });
    stops.push(() => fleet.stop());
    console.log(
      [
        '',
        'Production-shaped cluster is running (Temporal on PostgreSQL, 2 workers, 2 webhook receivers, sandbox).',
        `Temporal address:  ${infra.address}  (namespace ${infra.namespace}; Web UI: temporal server start-dev is not running here, use the CLI)`,
        `Webhook URL:       ${fleet.webhookUrl}  (balances over ${fleet.receivers.length} receivers)`,
        `Workers:           ${fleet.workers.map((w) => `${w.name} pid ${w.pid}`).join(', ')}`,
        `Logs:              ${infra.logDir}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await untilSignal();
    console.log('Stopping...');
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(`stop failed: ${err}`));
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
