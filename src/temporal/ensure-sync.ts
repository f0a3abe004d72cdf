import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleUpdateOptions } from '@temporalio/client';
import type { Config } from '../config';
import {
  RECONCILE_SCHEDULE_ID,
  RECONCILE_WORKFLOW_ID,
  SYNC_ENTITIES,
  SYNC_WORKFLOW_IDS,
  configureSignal,
  type SyncEntity,
  type SyncLoopInput,
} from '../workflows/definitions/sync';

const SUMMARIES: Record<SyncEntity, string> = {
  parts: 'parts sync: Epicor parts → WooCommerce products',
  stock: 'stock sync: Epicor warehouse quantities → WooCommerce stock',
  customers: 'customers sync: Epicor customers → WooCommerce customers',
};
const WORKFLOW_TYPES: Record<SyncEntity, string> = { parts: 'syncParts', stock: 'syncStock', customers: 'syncCustomers' };

export interface EnsureSyncOptions {
  /** Prefix for every id (workflows and schedule): tests run side by side on one server. */
  idPrefix?: string;
  /** Defaults to config.temporal.taskQueue. */
  taskQueue?: string;
  /** Passed to the loops (tests force continue-as-new early). */
  maxCyclesPerRun?: number;
}

export interface EnsuredSync {
  workflowIds: Record<SyncEntity, string>;
  scheduleId: string;
}

/**
 * Makes sure the three sync loops run and the nightly reconcile Schedule exists with the configured cron.
 * Safe to call on every worker start: a running loop is found by its fixed id and keeps its state
 * (`USE_EXISTING`) but takes the configured interval; an existing Schedule is updated in place.
 */
export async function ensureSyncWorkflows(client: Client, config: Config, opts: EnsureSyncOptions = {}): Promise<EnsuredSync> {
  const prefix = opts.idPrefix ?? '';
  const taskQueue = opts.taskQueue ?? config.temporal.taskQueue;
  const workflowIds = {} as Record<SyncEntity, string>;

  for (const entity of SYNC_ENTITIES) {
    const input: SyncLoopInput = {
      interval: config.sync.interval,
      cursor: entity === 'parts' ? config.sync.partCursor : 'SysRevID',
      maxCyclesPerRun: opts.maxCyclesPerRun,
    };
    const handle = await client.workflow.start(WORKFLOW_TYPES[entity], {
      workflowId: `${prefix}${SYNC_WORKFLOW_IDS[entity]}`,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: SUMMARIES[entity],
    });
    // A loop that was already running keeps its state; only the interval follows the config it is started with.
    await handle.signal(configureSignal, { interval: config.sync.interval });
    workflowIds[entity] = handle.workflowId;
  }

  const scheduleId = `${prefix}${RECONCILE_SCHEDULE_ID}`;
  const schedule: ScheduleUpdateOptions = {
    spec: { cronExpressions: [config.sync.reconcileCron] },
    action: { type: 'startWorkflow', workflowType: 'reconcileCatalog', args: [], taskQueue, workflowId: `${prefix}${RECONCILE_WORKFLOW_ID}`, staticSummary: 'nightly reconcile: every web part against WooCommerce' },
    // A reconcile still running when the next one is due means the catalog is large: let it finish.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    state: { note: 'Epicor -> WooCommerce nightly reconcile' },
  };
  try {
    await client.schedule.create({ scheduleId, ...schedule });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...schedule, state: previous.state }));
  }
  return { workflowIds, scheduleId };
}
