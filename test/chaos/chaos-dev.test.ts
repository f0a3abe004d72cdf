import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevTarget } from '../../scripts/chaos/dev-target';
import { printReport, runChaos } from '../../scripts/chaos/run-chaos';

/**
 * The CI-sized chaos run (npm run chaos is the 1,000-order one on the cluster): 100+ orders on a dev server of
 * its own (so restarting it leaves the rest of the suite alone), two worker processes (one SIGKILLed), two
 * receivers, Epicor faults, duplicate and early deliveries, a webhooks-off window and a Temporal restart.
 */
describe('chaos on the dev server', () => {
  it('ends with Epicor matching WooCommerce order by order: none missing, none twice, every refund credited once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
    const target = await startDevTarget(join(dir, 'temporal'));
    try {
      const report = await runChaos({ target, orders: 110, kills: 1, logDir: join(dir, 'logs'), dataDir: dir, settleTimeoutMs: 6 * 60_000 });
      console.log(printReport(report));
      expect(report.failures).toEqual([]);
      expect(report.epicorOrders).toBe(report.expectedInEpicor);
      expect(report.wooOrders).toBeGreaterThanOrEqual(110);
      // The run really was hostile: each kind of trouble happened.
      expect([report.workerKills, report.temporalRestarts, report.webhookDisabledWindows]).toEqual([1, 1, 1]);
      expect(report.extraCopies).toBeGreaterThan(0);
      expect(report.updatesBeforeCreates).toBeGreaterThan(0);
      expect(report.injected['epicor faults hit']).toBeGreaterThan(0);
      expect(report.refunds).toBeGreaterThan(0);
    } finally {
      await target.stop();
    }
  }, 12 * 60_000);
});
