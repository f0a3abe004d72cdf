import type { ActivityDeps } from './deps';
import { createOrderActivities } from './orders';
import { createSyncActivities } from './sync';
import { createWebhookActivities } from './webhooks';
import { createAlertActivities } from './alerts';
import { createAlertSink } from '../alerts/alert-sink';
import { logger } from '../logger';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, built from injected clients. */
export function createActivities(input: ActivityDeps) {
  const deps = { ...input, alerts: input.alerts ?? createAlertSink({ url: input.config.alertUrl, logger }) };
  return { ...createSyncActivities(deps), ...createOrderActivities(deps), ...createWebhookActivities(deps), ...createAlertActivities(deps.alerts) };
}

export type Activities = ReturnType<typeof createActivities>;
