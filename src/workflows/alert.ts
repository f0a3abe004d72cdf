import { log, proxyActivities } from '@temporalio/workflow';
import type { AlertActivities } from '../activities/alerts';

const OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 8 },
} as const;
const { raiseAlert, resolveAlert } = proxyActivities<AlertActivities>(OPTIONS);

/**
 * Sends an alert (firing or resolved) through the one sink. An alert endpoint that stays down is logged and
 * the business process goes on: a lost chat message must not fail an order or a health loop.
 */
export async function sendAlert(state: 'firing' | 'resolved', alert: { key: string; text: string }): Promise<void> {
  try {
    await (state === 'firing' ? raiseAlert : resolveAlert).executeWithOptions(
      { summary: `${state === 'firing' ? 'alert' : 'resolved'}: ${alert.key}` },
      [alert],
    );
  } catch (err) {
    log.warn('alert not delivered', { key: alert.key, error: String(err) });
  }
}
