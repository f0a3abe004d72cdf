import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setCurrentDetails,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { WebhookActivities } from '../activities/webhooks';
import { catchUpNowSignal, CATCHUP_WORKFLOW_ID } from './definitions/orders';
import {
  checkWebhooksNowSignal,
  configureWebhookHealthSignal,
  deliveryRejectedSignal,
  REJECTIONS_BEFORE_REPAIR,
  webhookHealthStatusQuery,
  type WebhookHealth,
  type WebhookHealthStatus,
} from './definitions/webhooks';
import { failureMessage } from './failure-message';
import { sendAlert } from './alert';

/** Patch: a problem that clears sends a resolved alert (webhooks repaired, reachable again). */
const RESOLVED_ALERT = 'webhook-health-resolved-alert';
const ALERT_KEY = 'webhook-health';

const { inspectWebhooks, repairWebhooks, raiseWebhookAlert } = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
});

export interface WebhookHealthInput {
  intervalSeconds: number;
  /** The catch-up loop to wake after a repair; tests run their own. */
  catchupWorkflowId?: string;
  status?: WebhookHealthStatus;
}

const CHECKS_PER_RUN = 500;
/** Webhook ids whose refusals are counted; more is someone spraying ids, not a store. */
const MAX_REJECTED_IDS = 50;

/**
 * Patch id: webhooks whose deliveries the receiver refuses for their signature (created by hand, so signed with a
 * secret WooCommerce generated) are recreated with WOO_WEBHOOK_SECRET. Only asked when such refusals were seen.
 */
const REPAIR_FOREIGN_SECRET = 'webhook-health-repair-foreign-secret';

/**
 * Watches the order webhooks WooCommerce delivers to us. A disabled or missing webhook, or one whose deliveries
 * the receiver refuses for a signature made with another secret, is recreated, an alert is raised, and the catch-up loop is asked to import the orders whose deliveries were lost in between.
 * A paused webhook is someone's decision: alert, don't override.
 */
export async function webhookHealth(input: WebhookHealthInput): Promise<void> {
  const status: WebhookHealthStatus = input.status ?? { checks: 0, repairs: 0 };
  let checkNow = false;
  let alerted: string | undefined;
  let intervalSeconds = input.intervalSeconds;
  let countsAtLastCheck: Record<string, number> = {};
  setHandler(checkWebhooksNowSignal, () => void (checkNow = true));
  setHandler(configureWebhookHealthSignal, (settings) => void (intervalSeconds = settings.intervalSeconds));
  setHandler(webhookHealthStatusQuery, () => status);
  setHandler(deliveryRejectedSignal, (webhookId) => {
    if (!Number.isSafeInteger(webhookId) || webhookId <= 0) return;
    const counts = (status.rejectedDeliveries ??= {});
    if (!(webhookId in counts) && Object.keys(counts).length >= MAX_REJECTED_IDS) return;
    counts[webhookId] = (counts[webhookId] ?? 0) + 1;
    if (counts[webhookId] === REJECTIONS_BEFORE_REPAIR) checkNow = true;
  });

  for (let i = 0; i < CHECKS_PER_RUN && !workflowInfo().continueAsNewSuggested; i++) {
    checkNow = false;
    let health: WebhookHealth;
    // Refused deliveries from a webhook the connector created mean the receiver and the worker disagree on
    // WOO_WEBHOOK_SECRET: recreating it again would not help (and would let a stranger make us loop).
    const counts = status.rejectedDeliveries ?? {};
    const rising = Object.keys(counts).filter((id) => counts[id] >= REJECTIONS_BEFORE_REPAIR);
    const suspects = rising.filter((id) => !status.createdWebhookIds?.includes(Number(id))).map(Number);
    const refusedOwn = rising.filter((id) => status.createdWebhookIds?.includes(Number(id)));
    const foreign = suspects.length > 0 && patched(REPAIR_FOREIGN_SECRET) ? { rejectedWebhookIds: suspects } : undefined;
    for (const id of [...(foreign ? suspects.map(String) : []), ...refusedOwn]) delete counts[id];
    // A count that stopped rising between two checks was a stranger or is over: forget it, so ids stay few.
    for (const id of Object.keys(counts)) if (countsAtLastCheck[id] === counts[id]) delete counts[id];
    countsAtLastCheck = { ...counts };
    try {
      health = foreign ? await inspectWebhooks(foreign) : await inspectWebhooks();
    } catch (err) {
      // WooCommerce unreachable or keys refused for longer than the retries: say so and keep watching.
      status.checks++;
      status.alert = `cannot check the webhooks: ${failureMessage(err)}`;
      if (status.alert !== alerted) await safely(() => raiseWebhookAlert(status.alert!));
      alerted = status.alert;
      await condition(() => checkNow, intervalSeconds * 1000);
      continue;
    }
    status.checks++;
    status.lastCheck = health;
    status.alert = alertFor(health);
    if (refusedOwn.length && patched(REPAIR_FOREIGN_SECRET)) {
      status.alert ??= `deliveries of webhook ${refusedOwn.join(', ')}, created by the connector with WOO_WEBHOOK_SECRET, are refused for their signature: the webhook receiver runs with another WOO_WEBHOOK_SECRET`;
    }

    if (health.deliveryUrl && needsRepair(health)) {
      const needed = `WooCommerce webhooks need repair: ${describe(health)}; recreating them and catching up missed orders`;
      await safely(() => raiseWebhookAlert(needed));
      if (patched(RESOLVED_ALERT)) alerted = needed;
      let alert: string | undefined;
      let repaired: Partial<WebhookHealthStatus> = {};
      try {
        const repair = foreign ? await repairWebhooks(foreign) : await repairWebhooks();
        const after = await inspectWebhooks();
        alert = alertFor(after);
        repaired = { lastRepair: repair, lastCheck: after, repairs: status.repairs + 1 };
        repaired.createdWebhookIds = [...(status.createdWebhookIds ?? []), ...repair.created.map((c) => c.id)].slice(-20);
      } catch (err) {
        alert = `repair failed: ${failureMessage(err)}`;
      }
      const catchupId = input.catchupWorkflowId ?? CATCHUP_WORKFLOW_ID;
      try {
        await getExternalWorkflowHandle(catchupId).signal(catchUpNowSignal);
      } catch {
        alert ??= `catch-up loop ${catchupId} is not running: orders whose deliveries failed are not being imported`;
      }
      // One update, so a status query never sees a repair counted with a stale alert.
      Object.assign(status, repaired, { alert });
    }
    // Alert on a change, not on every check: a standing problem stays visible in the status query.
    if (status.alert && status.alert !== alerted) await safely(() => raiseWebhookAlert(status.alert!));
    if (!status.alert && alerted && patched(RESOLVED_ALERT)) {
      const repaired = status.lastRepair?.created.length ? `: recreated ${status.lastRepair.created.map((c) => c.topic).join(', ')}` : '';
      await sendAlert('resolved', { key: ALERT_KEY, text: `WooCommerce order webhooks are active again${repaired}` });
    }
    alerted = status.alert;
    setCurrentDetails(`**webhooks: ${describe(status.lastCheck ?? health)}**\n\nchecks ${status.checks}, repairs ${status.repairs}${status.alert ? `\n\nalert: ${status.alert}` : ''}`);
    await condition(() => checkNow, intervalSeconds * 1000);
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof webhookHealth>({ ...input, intervalSeconds, status });
}

/** An alert endpoint that stays down must not end the health loop (it used to be a log line that could not fail). */
async function safely(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch {
    // Logged by the activity's retries; the standing problem stays in the status query.
  }
}

const needsRepair = (h: WebhookHealth) => h.topics.some((t) => t.state === 'missing' || t.state === 'disabled' || t.state === 'foreign-secret');

function alertFor(h: WebhookHealth): string | undefined {
  if (!h.deliveryUrl) return 'WEBHOOK_PUBLIC_URL is not set: webhooks cannot be checked; orders arrive through catch-up only';
  const paused = h.topics.filter((t) => t.state === 'paused').map((t) => t.topic);
  if (paused.length > 0) return `paused in WooCommerce: ${paused.join(', ')}; orders arrive through catch-up only until resumed`;
  return needsRepair(h) ? `not healthy: ${describe(h)}` : undefined;
}

const describe = (h: WebhookHealth) => h.topics.map((t) => `${t.topic} ${t.state}`).join(', ');
