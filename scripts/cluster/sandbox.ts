import { loadConfig } from '../../src/config';
import { startSandbox } from '../../src/cli/sandbox';
import { untilSignal } from '../../src/cli/until-signal';

/** The sandbox systems (simulated Epicor and WooCommerce with the demo shopper) as their own process. */
async function main(): Promise<void> {
  const sandbox = await startSandbox(loadConfig({ ...process.env, SANDBOX: '1' }));
  console.log(`sandbox running: ${sandbox.epicorUrl} ${sandbox.wooUrl}`);
  await untilSignal();
  await sandbox.stop();
}

void main();
