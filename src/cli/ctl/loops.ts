import { WorkflowNotFoundError } from '@temporalio/client';
import {
  dryRunUpdate,
  pauseSignal,
  resumeSignal,
  statusQuery,
  syncNowSignal,
  SYNC_ENTITIES,
  type DryRunResult,
  type SyncEntity,
  type SyncStatus,
} from '../../workflows/definitions/sync';
import { catchupStatusQuery, catchUpNowSignal, pauseCatchupSignal, resumeCatchupSignal, type CatchupStatus } from '../../workflows/definitions/orders';
import { CtlError, ids, type CtlContext } from './context';

/** `parts|stock|customers|catchup|all`: the loops an operator can pause, resume and wake. */
export const LOOPS = [...SYNC_ENTITIES, 'catchup'] as const;
export type Loop = (typeof LOOPS)[number];

export function parseLoops(text: string): Loop[] {
  if (text === 'all') return [...LOOPS];
  if ((LOOPS as readonly string[]).includes(text)) return [text as Loop];
  throw new CtlError(`unknown loop "${text}": expected one of ${LOOPS.join(', ')}, all`);
}

const loopId = (ctx: CtlContext, loop: Loop) => (loop === 'catchup' ? ids(ctx).catchup : ids(ctx).sync(loop));

export type LoopAction = 'pause' | 'resume' | 'sync-now';

/** Signals each loop; a loop that does not run is reported, not skipped silently. */
export async function signalLoops(ctx: CtlContext, action: LoopAction, loops: Loop[]): Promise<{ loop: Loop; workflowId: string; done: boolean; error?: string }[]> {
  const out = [];
  for (const loop of loops) {
    const workflowId = loopId(ctx, loop);
    const handle = ctx.client.workflow.getHandle(workflowId);
    try {
      if (loop === 'catchup') await handle.signal(action === 'pause' ? pauseCatchupSignal : action === 'resume' ? resumeCatchupSignal : catchUpNowSignal);
      else await handle.signal(action === 'pause' ? pauseSignal : action === 'resume' ? resumeSignal : syncNowSignal);
      out.push({ loop, workflowId, done: true });
    } catch (err) {
      out.push({ loop, workflowId, done: false, error: err instanceof WorkflowNotFoundError ? 'not running (start the worker)' : (err as Error).message });
    }
  }
  return out;
}

export async function syncStatus(ctx: CtlContext, entity: SyncEntity): Promise<SyncStatus | { error: string }> {
  try {
    return await ctx.client.workflow.getHandle(ids(ctx).sync(entity)).query(statusQuery);
  } catch (err) {
    return { error: err instanceof WorkflowNotFoundError ? 'not running' : (err as Error).message };
  }
}

export async function catchupStatus(ctx: CtlContext): Promise<CatchupStatus | { error: string }> {
  try {
    return await ctx.client.workflow.getHandle(ids(ctx).catchup).query(catchupStatusQuery);
  } catch (err) {
    return { error: err instanceof WorkflowNotFoundError ? 'not running' : (err as Error).message };
  }
}

/** What the loop's next cycle would write, computed by the worker (Update), without writing. */
export async function dryRun(ctx: CtlContext, loop: string, full: boolean): Promise<DryRunResult> {
  if (!(SYNC_ENTITIES as readonly string[]).includes(loop)) throw new CtlError(`dry-run works on ${SYNC_ENTITIES.join(', ')}, not "${loop}"`);
  try {
    return await ctx.client.workflow.getHandle(ids(ctx).sync(loop as SyncEntity)).executeUpdate(dryRunUpdate, { args: [{ full }] });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new CtlError(`${ids(ctx).sync(loop as SyncEntity)} is not running (start the worker)`);
    throw err;
  }
}
