import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { serverExecutable } from '../src/temporal/cli-path';
import { searchAttributeKeys } from '../src/temporal/search-attributes';
import { benchOrders } from './orders';

/** `npm run bench:orders`: only the order-import figures (the order section of `npm run bench`). */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createLocal({ server: { ...serverExecutable(), ip: '127.0.0.1', searchAttributes: searchAttributeKeys } });
  try {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), logger: new DefaultLogger('WARN') });
    const codePath = join(mkdtempSync(join(tmpdir(), 'bench-bundle-')), 'workflows.js');
    writeFileSync(codePath, code);
    console.log([`node ${process.version}, ${require('node:os').cpus().length} cpus`, ...(await benchOrders(env, { codePath }))].join('\n'));
  } finally {
    await env.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
