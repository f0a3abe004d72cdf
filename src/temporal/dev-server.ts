import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
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
  // The SDK waits for *something* to answer on the port: with another Temporal already there, it would hand us
  // that server and the connector would quietly run its loops on someone else's cluster.
  for (const [port, name] of [[opts.port, 'TEMPORAL_DEV_PORT'], [opts.uiPort, 'TEMPORAL_UI_PORT']] as const) {
    if (await portInUse(port)) {
      throw new Error(`port ${port} is already in use (another Temporal or connector?): set ${name} to a free port, or TEMPORAL_ADDRESS to use that server`);
    }
  }
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

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer()
      .once('error', () => resolvePort(true))
      .once('listening', () => probe.close(() => resolvePort(false)));
    probe.listen(port, '127.0.0.1');
  });
}
