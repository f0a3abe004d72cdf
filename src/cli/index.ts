import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { runAll } from './run-all';
import { runWorker } from './run-worker';
import { runWebhook } from './run-webhook';
import { runPing } from './ping';
import { refusedDeliveriesFromHealthLoop } from './refused-deliveries';
import { runCodec } from './run-codec';

const program = new Command()
  .name('epicor-woo')
  .description('Keeps Epicor Kinetic and WooCommerce in sync (see README.md)');

program.command('start').description('everything: embedded Temporal + Web UI, worker, webhook receiver, sandbox by default').action(() => runAll(loadConfig()));
program.command('worker').description('the Temporal worker only (production)').action(() => runWorker(loadConfig()));
program.command('webhook').description('the webhook receiver only (production)').action(() => runWebhook(loadConfig()));
program.command('codec').description('the codec server the Web UI decrypts payloads through (POST /encode, /decode)').action(() => runCodec(loadConfig()));
program
  .command('ping')
  .description('check the configured Epicor and WooCommerce: reachability, credentials, permissions, webhooks')
  .action(async () => {
    const config = loadConfig();
    process.exitCode = await runPing(config, console.log, { refusedDeliveries: () => refusedDeliveriesFromHealthLoop(config) });
  });

program.parseAsync().catch((err) => {
  // A config problem is the user's to fix: print the list, not a stack trace.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exitCode = 1;
});
