import { durationSeconds, type Config } from '../config';
import { logger } from '../logger';
import { demoCatalog, startEpicorSimulator } from '../sandbox/epicor';
import { startShopper, startWooSimulator } from '../sandbox/woocommerce';

export interface RunningSandbox {
  epicorUrl: string;
  epicorAdminUrl: string;
  wooUrl: string;
  wooAdminUrl: string;
  stop(): Promise<void>;
}

/**
 * The simulated Epicor (seeded with a small realistic catalog) and WooCommerce (with a scripted shopper),
 * on the fixed ports the sandbox config points at. The webhooks to our receiver are registered by
 * ensureWorkflows through the connector's own WooCommerce client, as an operator would.
 */
export async function startSandbox(config: Config): Promise<RunningSandbox> {
  const epicor = await startEpicorSimulator({
    port: config.sandboxPorts.epicor,
    instance: new URL(config.epicor.baseUrl).pathname.replace(/^\//, '') || 'Kinetic',
    companies: [config.epicor.company],
    apiKey: config.epicor.apiKey,
    users: config.epicor.username && config.epicor.password ? [{ username: config.epicor.username, password: config.epicor.password }] : undefined,
    seed: demoCatalog({ parts: 60, customers: 12 }),
  });
  const woo = await startWooSimulator({
    port: config.sandboxPorts.woo,
    keys: [{ consumerKey: config.woo.consumerKey, consumerSecret: config.woo.consumerSecret, permissions: 'read_write' }],
    // Real WooCommerce refuses to deliver to loopback addresses; the demo receiver is on localhost.
    allowUnsafeDeliveryUrls: true,
  });
  const shopper = startShopper(woo.sim, { everyMs: durationSeconds(config.shopperEvery) * 1000 });
  logger.debug({ epicor: epicor.baseUrl, woo: woo.baseUrl }, 'sandbox simulators running');
  return {
    epicorUrl: epicor.baseUrl,
    epicorAdminUrl: `${epicor.origin}/_admin`,
    wooUrl: woo.baseUrl,
    wooAdminUrl: `${woo.baseUrl}/_admin`,
    async stop() {
      shopper.stop();
      await Promise.allSettled([epicor.close(), woo.close()]);
    },
  };
}
