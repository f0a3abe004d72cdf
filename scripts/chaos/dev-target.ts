import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { serverExecutable } from '../../src/temporal/cli-path';
import { searchAttributeKeys } from '../../src/temporal/search-attributes';
import { freePort } from '../cluster/connector';
import type { ChaosTarget } from './run-chaos';

/**
 * A Temporal dev server of its own (not the test run's shared one), on a SQLite file so a restart keeps every
 * workflow: what the chaos run restarts on the dev target.
 */
export async function startDevTarget(dataDir: string): Promise<ChaosTarget & { stop(): Promise<void> }> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const start = () =>
    TestWorkflowEnvironment.createLocal({
      server: { ...serverExecutable(), ip: '127.0.0.1', port, dbFilename: join(dataDir, `temporal-${port}.sqlite`), searchAttributes: searchAttributeKeys, log: { format: 'pretty', level: 'never' } },
    });
  let env = await start();
  return {
    name: 'dev',
    address: `127.0.0.1:${port}`,
    namespace: 'default',
    async restartTemporal() {
      await env.teardown();
      env = await start();
    },
    stop: () => env.teardown(),
  };
}
