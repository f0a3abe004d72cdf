import type { WooConfig } from '../../src/config';
import { createWooClient, isWooError, type WooClient, type WooError } from '../../src/woocommerce';
import { startWooSimulator, type RunningWooSimulator, type WooSimOptions } from '../../src/sandbox/woocommerce';

export const KEY = 'ck_sandbox_key';
export const SECRET = 'cs_sandbox_secret';

export function wooConfig(baseUrl: string, overrides: Partial<WooConfig> = {}): WooConfig {
  return { baseUrl, consumerKey: KEY, consumerSecret: SECRET, webhookSecret: 'unused', auth: 'basic', timeoutMs: 5000, ...overrides };
}

export interface Harness {
  running: RunningWooSimulator;
  client: WooClient;
  close(): Promise<void>;
}

/** A simulator on a free port plus a client for it; both closed by `close()`. */
export async function startHarness(simOpts: WooSimOptions = {}, config: Partial<WooConfig> = {}, batchLimit?: number): Promise<Harness> {
  const running = await startWooSimulator(simOpts);
  const client = createWooClient(wooConfig(running.baseUrl, config), { batchLimit });
  return {
    running,
    client,
    close: async () => {
      await client.close();
      await running.close();
    },
  };
}

export function products(n: number, prefix = 'SKU'): { sku: string; name: string; regular_price: string }[] {
  return Array.from({ length: n }, (_, i) => ({ sku: `${prefix}-${i + 1}`, name: `Product ${i + 1}`, regular_price: '9.99' }));
}

/** The WooError a call rejects with (anything else fails the test). */
export async function failure(p: Promise<unknown>): Promise<WooError> {
  try {
    await p;
  } catch (err) {
    if (isWooError(err)) return err;
    throw err;
  }
  throw new Error('expected a WooError');
}
