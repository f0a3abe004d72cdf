import { seedDemo } from './demo-data';
import { startShopper, startWooSimulator } from './index';

/** Standalone demo store: `PORT=8088 tsx src/sandbox/woocommerce/main.ts`. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8088);
  const running = await startWooSimulator({
    port,
    allowUnsafeDeliveryUrls: true,
    siteUrl: process.env.WOO_SITE_URL,
  });
  seedDemo(running.sim);
  const shopper = process.env.SHOPPER_EVERY_MS === '0' ? undefined : startShopper(running.sim, {
    everyMs: Number(process.env.SHOPPER_EVERY_MS ?? 5000),
    seed: Number(process.env.SHOPPER_SEED ?? 1),
    onError: (e) => console.error('shopper:', (e as Error).message),
  });
  console.log(`WooCommerce simulator on ${running.baseUrl} (REST ${running.baseUrl}/wp-json/wc/v3, admin ${running.baseUrl}/_admin)`);
  console.log(`API key: ck_sandbox_key / cs_sandbox_secret`);
  const stop = async () => {
    shopper?.stop();
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
