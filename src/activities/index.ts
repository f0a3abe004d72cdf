import type { ActivityDeps } from './deps';
import { createOrderActivities } from './orders';
import { createSyncActivities } from './sync';
import { createWebhookActivities } from './webhooks';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, built from injected clients. */
export function createActivities(deps: ActivityDeps) {
  return { ...createSyncActivities(deps), ...createOrderActivities(deps), ...createWebhookActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
