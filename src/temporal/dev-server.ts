import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { serverExecutable } from './cli-path';
import { searchAttributeKeys } from './search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * The embedded Temporal dev server for `npm start`: the official CLI (found like the tests find it),
 * with the Web UI and a SQLite file under the data folder so workflows survive a restart.
 */
export async function startDevServer(opts: { dataDir: string; port: number; uiPort: number; codecEndpoint?: string }): Promise<DevServer> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ...serverExecutable(),
      ip: '127.0.0.1',
      port: opts.port,
      ui: true,
      uiPort: opts.uiPort,
      dbFilename: resolve(dataDir, 'temporal.sqlite'),
      searchAttributes: searchAttributeKeys,
      log: { format: 'pretty', level: 'warn' },
      // The browser asks this codec server to decrypt payloads, so the Web UI shows them readable.
      extraArgs: opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : [],
    },
  });
  return {
    address: env.address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    stop: () => env.teardown(),
  };
}
