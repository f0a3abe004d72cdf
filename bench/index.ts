import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { serverExecutable } from '../src/temporal/cli-path';
import { searchAttributeKeys } from '../src/temporal/search-attributes';
import { benchWebhookAck } from './webhook-ack';
import { benchSync } from './sync';
import { benchOrders } from './orders';

/**
 * `npm run bench`: prints figures measured in one run on this machine (no pass/fail: timings on shared
 * machines vary, so targets are judged from these numbers and their ratios, not asserted in tests).
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createLocal({ server: { ...serverExecutable(), ip: '127.0.0.1', searchAttributes: searchAttributeKeys } });
  try {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), logger: new DefaultLogger('WARN') });
    const codePath = join(mkdtempSync(join(tmpdir(), 'bench-bundle-')), 'workflows.js');
    writeFileSync(codePath, code);
    const lines = [
      `node ${process.version}, ${require('node:os').cpus().length} cpus`,
      ...(await benchWebhookAck(env)),
      ...(await benchSync(env, { codePath })),
      ...(await benchOrders(env, { codePath })),
    ];
    console.log(lines.join('\n'));
  } finally {
    await env.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
