import type { Config } from '../config';
import { logger } from '../logger';
import { installRuntime } from '../temporal/runtime';
import { connectClient, connectWorker } from '../temporal/connection';
import { startDevServer } from '../temporal/dev-server';
import { startWorker } from '../worker';
import { serveWebhook } from '../webhook/serve';
import { startSandbox } from './sandbox';
import { ensureWorkflows } from './ensure-workflows';
import { untilSignal } from './until-signal';
import { startCodecServer } from './run-codec';

type Stop = () => Promise<unknown>;

/**
 * `npm start`: everything a newcomer needs in one process tree: the embedded Temporal dev server
 * with its Web UI (unless TEMPORAL_ADDRESS points elsewhere), the simulators on the sandbox default,
 * the worker and the webhook receiver. Ctrl-C stops them in reverse order and leaves no process behind.
 */
export async function runAll(config: Config): Promise<void> {
  installRuntime(config);
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => logger.warn({ err: String(err) }, 'shutdown step failed'));
  };
  try {
    const lines: string[] = [];
    if (config.sandbox) {
      const sandbox = await startSandbox(config);
      stops.push(sandbox.stop);
      lines.push(`Sandbox Epicor:     ${sandbox.epicorUrl}  (admin: ${sandbox.epicorAdminUrl})`);
      lines.push(`Sandbox WooCommerce: ${sandbox.wooUrl}  (admin: ${sandbox.wooAdminUrl})`);
    }

    // Encrypted payloads: the Web UI reads them through the codec server, with the workers' own keys.
    let codecUrl: string | undefined;
    if (config.temporal.encryptionKey) {
      const codec = await startCodecServer(config);
      stops.push(codec.close);
      codecUrl = codec.url;
      lines.push(`Codec server:       ${codec.url}  (the Web UI decrypts payloads through it)`);
    }

    let address = config.temporal.address;
    let uiUrl = 'your Temporal Web UI';
    if (!address) {
      const server = await startDevServer({ dataDir: config.temporal.dataDir, port: config.temporal.devPort, uiPort: config.temporal.uiPort, codecEndpoint: codecUrl });
      stops.push(server.stop);
      address = server.address;
      uiUrl = server.uiUrl;
    }

    // On the sandbox the simulated store delivers to our local receiver (WooCommerce itself would refuse
    // a loopback URL; the simulator is told to allow it).
    if (config.sandbox && !config.webhook.publicUrl) config.webhook.publicUrl = `http://127.0.0.1:${config.webhook.port}/webhooks/woocommerce`;

    const client = await connectClient(config.temporal, address);
    stops.push(() => client.connection.close());
    const worker = await startWorker(config, await connectWorker(config.temporal, address), client);
    stops.push(worker.shutdown);
    const webhook = await serveWebhook({ config, temporal: client, logger });
    stops.push(webhook.close);

    await ensureWorkflows(client, config);

    console.log(
      [
        '',
        'Epicor <-> WooCommerce connector is running.',
        `Temporal Web UI:    ${uiUrl}  (namespace ${config.temporal.namespace})`,
        `Temporal address:   ${address}`,
        `Webhook receiver:   ${webhook.url}`,
        `Metrics:            ${webhook.metricsUrl}`,
        `Operator command:   npm run ctl -- status`,
        ...lines,
        'Press Ctrl-C to stop. Logs follow.',
        '',
      ].join('\n'),
    );
    await Promise.race([untilSignal(), worker.done]);
    console.log('Stopping...');
  } finally {
    await stopAll();
  }
}
