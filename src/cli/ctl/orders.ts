import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { orderStartOptions, signalOrderWorkflow } from '../../temporal/order-starters';
import {
  MEMO_PARKED_REASON,
  orderStatusQuery,
  refundHandledSignal,
  retrySignal,
  type OrderImportResult,
  type OrderImportStatus,
} from '../../workflows/definitions/orders';
import { CtlError, ids, webUiLink, type CtlContext } from './context';

export interface ParkedOrder {
  wooOrderId: number;
  workflowId: string;
  reason: string;
  parkedAt?: string;
  startTime: string;
  link?: string;
}

/**
 * Running order imports of this store. Parked ones are told apart by the `parkedReason` memo the workflow
 * keeps; once the `ParkedReason` search attribute exists, `PARKED_QUERY` can filter on the server instead.
 */
const RUNNING_ORDERS_QUERY = `WorkflowType = 'orderImport' AND ExecutionStatus = 'Running'`;

export async function parkedOrders(ctx: CtlContext): Promise<ParkedOrder[]> {
  const prefix = ids(ctx).order(0).replace(/0$/, '');
  const out: ParkedOrder[] = [];
  for await (const wf of ctx.client.workflow.list({ query: RUNNING_ORDERS_QUERY })) {
    if (!wf.workflowId.startsWith(prefix)) continue;
    const reason = wf.memo?.[MEMO_PARKED_REASON];
    if (typeof reason !== 'string' || reason === '') continue;
    const wooOrderId = Number(wf.workflowId.slice(prefix.length));
    // The memo says parked; the query adds since when (best effort: a busy worker may not answer at once).
    const st = await ctx.client.workflow
      .getHandle(wf.workflowId, wf.runId)
      .query(orderStatusQuery)
      .catch(() => undefined);
    if (st && st.phase !== 'parked') continue;
    out.push({ wooOrderId, workflowId: wf.workflowId, reason: st?.parkedReason ?? reason, parkedAt: st?.parkedAt, startTime: wf.startTime.toISOString(), link: webUiLink(ctx, wf.workflowId, wf.runId) });
  }
  return out.sort((a, b) => a.wooOrderId - b.wooOrderId);
}

export interface OrderRun {
  runId: string;
  status: string;
  startTime: string;
  closeTime?: string;
}

export interface OrderReport {
  wooOrderId: number;
  workflowId: string;
  epicorOrderNum?: number;
  phase?: string;
  parkedReason?: string;
  /** Why nothing was imported (a status ORDER_IMPORT_STATUSES does not import, cancelled before import). */
  skipped?: string;
  poNum?: string;
  credits: OrderImportResult['credits'];
  creditedRefunds: number[];
  handledRefunds: number[];
  runs: OrderRun[];
  link?: string;
}

async function runsOf(ctx: CtlContext, workflowId: string): Promise<WorkflowExecutionInfo[]> {
  const runs: WorkflowExecutionInfo[] = [];
  for await (const wf of ctx.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(wf);
  return runs.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
}

/** One Woo order: its runs, the Epicor order, credits and why it is parked, from the workflow itself. */
export async function orderReport(ctx: CtlContext, wooOrderId: number): Promise<OrderReport> {
  const workflowId = ids(ctx).order(wooOrderId);
  const handle = ctx.client.workflow.getHandle<() => Promise<OrderImportResult>>(workflowId);
  let latest;
  try {
    latest = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new CtlError(`no import workflow for Woo order ${wooOrderId} (${workflowId}): the connector has not seen this order`);
    throw err;
  }
  const runs = (await runsOf(ctx, workflowId)).map((r) => ({ runId: r.runId, status: r.status.name, startTime: r.startTime.toISOString(), closeTime: r.closeTime?.toISOString() }));
  if (!runs.some((r) => r.runId === latest.runId)) {
    // Visibility lags a moment behind a fresh start; the described run is the truth.
    runs.unshift({ runId: latest.runId, status: latest.status.name, startTime: latest.startTime.toISOString(), closeTime: latest.closeTime?.toISOString() });
  }
  const report: OrderReport = { wooOrderId, workflowId, credits: [], creditedRefunds: [], handledRefunds: [], runs, link: webUiLink(ctx, workflowId, latest.runId) };
  const epicor = latest.typedSearchAttributes.getAll().find((p) => p.key.name === 'EpicorOrderNum')?.value;
  if (epicor) report.epicorOrderNum = Number(epicor);
  if (latest.status.name === 'RUNNING') {
    const st: OrderImportStatus = await handle.query(orderStatusQuery);
    Object.assign(report, {
      phase: st.phase,
      parkedReason: st.parkedReason,
      skipped: st.skipped,
      poNum: st.poNum,
      epicorOrderNum: st.epicorOrderNum ?? report.epicorOrderNum,
      creditedRefunds: st.creditedRefunds,
      handledRefunds: st.handledRefunds ?? [],
    });
  } else if (latest.status.name === 'COMPLETED') {
    const result = await handle.result();
    Object.assign(report, {
      phase: 'done',
      skipped: result.skipped,
      poNum: result.poNum,
      epicorOrderNum: result.epicorOrderNum ?? report.epicorOrderNum,
      credits: result.credits,
      creditedRefunds: result.credits.map((c) => c.wooRefundId),
      handledRefunds: result.handledRefunds ?? [],
    });
  } else {
    report.phase = latest.status.name.toLowerCase();
  }
  return report;
}

/**
 * After fixing the data behind a parked order: wakes the parked run; a run that ended (failed, terminated,
 * or completed and the order changed by hand) gets a fresh run, which looks everything up before writing.
 */
export async function retryOrder(ctx: CtlContext, wooOrderId: number): Promise<{ workflowId: string; action: 'retry-signalled' | 'new-run' | 'pass-requested' }> {
  const workflowId = ids(ctx).order(wooOrderId);
  const handle = ctx.client.workflow.getHandle(workflowId);
  const running = await handle.describe().then((d) => d.status.name === 'RUNNING', () => false);
  if (running) {
    const st = await handle.query(orderStatusQuery);
    if (st.phase === 'parked') {
      await handle.signal(retrySignal);
      return { workflowId, action: 'retry-signalled' };
    }
  }
  await signalOrderWorkflow(ctx.client, ctx.config, wooOrderId, { source: 'operator' });
  return { workflowId, action: running ? 'pass-requested' : 'new-run' };
}

/**
 * Resets the latest run to its first workflow task: the import runs again from the start. Safe because every
 * write looks up first (PONum, line references, refund references), so it converges on the same Epicor order;
 * signals are re-applied, so a refund declared handled stays handled.
 */
export async function replayOrder(ctx: CtlContext, wooOrderId: number, reason: string): Promise<{ workflowId: string; fromRunId: string; newRunId: string }> {
  const workflowId = ids(ctx).order(wooOrderId);
  let runId: string;
  try {
    runId = (await ctx.client.workflow.getHandle(workflowId).describe()).runId;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new CtlError(`no import workflow for Woo order ${wooOrderId}: nothing to replay (use retry to import it)`);
    throw err;
  }
  const namespace = ctx.config.temporal.namespace;
  const { history } = await ctx.client.workflowService.getWorkflowExecutionHistory({ namespace, execution: { workflowId, runId }, maximumPageSize: 50 });
  const firstTask = history?.events?.find((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  if (!firstTask?.eventId) throw new CtlError(`${workflowId} has not completed its first workflow task yet: wait a moment (is a worker running?)`);
  const res = await ctx.client.workflowService.resetWorkflowExecution({
    namespace,
    workflowExecution: { workflowId, runId },
    reason,
    workflowTaskFinishEventId: firstTask.eventId,
    requestId: randomUUID(),
    resetReapplyType: temporal.api.enums.v1.ResetReapplyType.RESET_REAPPLY_TYPE_SIGNAL,
  });
  return { workflowId, fromRunId: runId, newRunId: res.runId ?? '' };
}

/** Refund credited by other means: the workflow skips it and records the decision in the Woo order. */
export async function refundHandled(ctx: CtlContext, wooOrderId: number, wooRefundId: number): Promise<{ workflowId: string; wooRefundId: number }> {
  const handle = await ctx.client.workflow.signalWithStart('orderImport', {
    ...orderStartOptions(ctx.config, wooOrderId),
    signal: refundHandledSignal,
    signalArgs: [wooRefundId],
  });
  return { workflowId: handle.workflowId, wooRefundId };
}
