import type { Config } from '../config';
import { epicorChecks } from '../epicor';
import { wooChecks, type RefusedDeliveries } from '../woocommerce';

/**
 * `npm run ping`: one line per check with a plain-language reason, exit code 1 on any failure.
 * The first thing a new user runs after entering credentials.
 */
export async function runPing(
  config: Config,
  out: (line: string) => void = console.log,
  opts: { refusedDeliveries?: () => Promise<RefusedDeliveries | undefined> } = {},
): Promise<number> {
  const refused = config.webhook.publicUrl ? await opts.refusedDeliveries?.() : undefined;
  const results = [
    ...(await epicorChecks(config.epicor)),
    ...(await wooChecks(config.woo, { webhookUrl: config.webhook.publicUrl, refused })),
  ];
  if (!config.webhook.publicUrl) {
    results.push({ system: 'WooCommerce', check: 'webhooks', ok: false, reason: 'WEBHOOK_PUBLIC_URL is not set, so the order webhooks cannot be checked (orders would arrive only through catch-up).' });
  }
  for (const r of results) out(`${r.ok ? 'PASS' : 'FAIL'}  ${r.system.padEnd(11)} ${r.check}: ${r.reason}`);
  const failed = results.filter((r) => !r.ok).length;
  out(failed === 0 ? `All ${results.length} checks passed.` : `${failed} of ${results.length} checks failed.`);
  return failed === 0 ? 0 : 1;
}
