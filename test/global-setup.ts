import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { serverExecutable } from '../src/temporal/cli-path';
import { searchAttributeKeys } from '../src/temporal/search-attributes';

/** One real Temporal dev server for the whole run; test files connect to it by address. */
export default async function globalSetup(): Promise<void> {
  const server = serverExecutable();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ...server, ip: '127.0.0.1', searchAttributes: searchAttributeKeys },
  }).catch((err) => {
    const where = 'executable' in server ? server.executable!.path : 'the SDK download (needs internet)';
    throw new Error(`Temporal dev server did not start from ${where}; run npm run tools or set TEMPORAL_CLI_PATH: ${err}`);
  });
  (globalThis as Record<string, unknown>).__TEMPORAL_ENV__ = env;
  process.env.TEMPORAL_TEST_ADDRESS = env.address;

  // Bundle the workflows once per run; every test worker loads this file instead of re-bundling.
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), logger: quietLogger });
  const codePath = join(mkdtempSync(join(tmpdir(), 'epicor-woo-bundle-')), 'workflows.js');
  writeFileSync(codePath, code);
  process.env.TEMPORAL_TEST_BUNDLE = codePath;
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn(message: string) {
    console.warn(message);
  },
  error(message: string) {
    console.error(message);
  },
};
