import type { ActivityDeps } from './deps';
import { createOrderActivities } from './orders';
import { createSyncActivities } from './sync';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, built from injected clients. */
export function createActivities(deps: ActivityDeps) {
  return { ...createSyncActivities(deps), ...createOrderActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
