import { webhookHealthStatusQuery, type WebhookHealthStatus } from '../../workflows/definitions/webhooks';
import { SYNC_ENTITIES, type SyncStatus } from '../../workflows/definitions/sync';
import type { CatchupStatus } from '../../workflows/definitions/orders';
import { age, ids, type CtlContext } from './context';
import { catchupStatus, syncStatus } from './loops';
import { parkedOrders, type ParkedOrder } from './orders';

export interface Status {
  sync: Record<string, SyncStatus | { error: string }>;
  catchup: CatchupStatus | { error: string };
  webhooks: WebhookHealthStatus | { error: string };
  parked: ParkedOrder[];
}

export async function status(ctx: CtlContext): Promise<Status> {
  const sync: Status['sync'] = {};
  for (const entity of SYNC_ENTITIES) sync[entity] = await syncStatus(ctx, entity);
  let webhooks: Status['webhooks'];
  try {
    webhooks = await ctx.client.workflow.getHandle(ids(ctx).webhookHealth).query(webhookHealthStatusQuery);
  } catch (err) {
    webhooks = { error: (err as Error).name === 'WorkflowNotFoundError' ? 'not running' : (err as Error).message };
  }
  return { sync, catchup: await catchupStatus(ctx), webhooks, parked: await parkedOrders(ctx) };
}

export function formatStatus(s: Status): string {
  const lines = ['Sync loops'];
  for (const [entity, st] of Object.entries(s.sync)) {
    if ('error' in st) {
      lines.push(`  ${entity.padEnd(10)} ${st.error}`);
      continue;
    }
    const state = st.paused ? 'PAUSED' : st.retrying ? `RETRYING (attempt ${st.retrying.attempt}: ${st.retrying.error})` : st.running ? 'running a cycle' : 'idle';
    const c = st.lastCycle;
    lines.push(`  ${entity.padEnd(10)} ${state}; watermark ${st.watermark}; ${st.cycles} cycles, last ${age(st.lastCycleAt)} ago`);
    if (c) lines.push(`  ${''.padEnd(10)} last cycle: ${c.read} read, ${c.written} written, ${c.skippedUnchanged} unchanged, ${c.skippedInvalid} invalid, ${c.failed} failed`);
    if (st.lastError) lines.push(`  ${''.padEnd(10)} last error: ${st.lastError}`);
  }
  const cu = s.catchup;
  lines.push('Catch-up');
  if ('error' in cu) lines.push(`  ${cu.error}`);
  else {
    const p = cu.lastPass;
    lines.push(`  ${cu.paused ? 'PAUSED' : 'active'}; watermark ${cu.watermarkGmt ?? '-'} UTC; ${cu.passes ?? 0} passes every ${cu.intervalSeconds}s`);
    if (p) lines.push(`  last pass: ${p.listed} listed, ${p.started} started, ${p.signalled} signalled, ${p.skipped} skipped`);
    if (cu.lastError) lines.push(`  last error: ${cu.lastError}`);
  }
  const wh = s.webhooks;
  lines.push('Webhooks');
  if ('error' in wh) lines.push(`  ${wh.error}`);
  else {
    const topics = wh.lastCheck?.topics.map((t) => `${t.topic} ${t.state}`).join(', ') ?? 'not checked yet';
    lines.push(`  ${topics}; ${wh.checks} checks, ${wh.repairs} repairs`);
    if (wh.alert) lines.push(`  ALERT: ${wh.alert}`);
  }
  lines.push(`Parked orders: ${s.parked.length}`);
  for (const p of s.parked) lines.push(`  Woo order ${p.wooOrderId}: ${p.reason} (parked ${age(p.parkedAt ?? p.startTime)} ago)`);
  return lines.join('\n');
}
