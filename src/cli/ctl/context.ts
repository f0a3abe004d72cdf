import type { Client } from '@temporalio/client';
import type { Config } from '../../config';
import { CATCHUP_WORKFLOW_ID, orderWorkflowId, storeKey } from '../../workflows/definitions/orders';
import { SYNC_WORKFLOW_IDS, RECONCILE_SCHEDULE_ID, type SyncEntity } from '../../workflows/definitions/sync';
import { WEBHOOK_HEALTH_WORKFLOW_ID } from '../../workflows/definitions/webhooks';

/** What every operator command works with. `prefix` exists for tests that run their loops beside others. */
export interface CtlContext {
  client: Client;
  config: Config;
  prefix?: string;
}

/** An operator mistake or a state that forbids the command: printed as one line, exit code 1. */
export class CtlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CtlError';
  }
}

/** Every id is derived here from the configuration, so operators never type a store key or workflow id. */
export function ids(ctx: CtlContext) {
  const p = ctx.prefix ?? '';
  const store = storeKey(ctx.config.woo.baseUrl);
  return {
    store,
    sync: (entity: SyncEntity) => `${p}${SYNC_WORKFLOW_IDS[entity]}`,
    catchup: `${p}${CATCHUP_WORKFLOW_ID}`,
    webhookHealth: `${p}${WEBHOOK_HEALTH_WORKFLOW_ID}`,
    reconcileSchedule: `${p}${RECONCILE_SCHEDULE_ID}`,
    order: (wooOrderId: number) => orderWorkflowId(store, wooOrderId),
  };
}

/** The Web UI page of a workflow run, when the UI's address is known. */
export function webUiLink(ctx: CtlContext, workflowId: string, runId?: string): string | undefined {
  const base = ctx.config.temporal.uiUrl;
  if (!base) return undefined;
  const ns = encodeURIComponent(ctx.config.temporal.namespace);
  return `${base.replace(/\/+$/, '')}/namespaces/${ns}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${runId}` : ''}/history`;
}

export function parseWooOrderId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new CtlError(`"${text}" is not a WooCommerce order id (a positive whole number)`);
  return id;
}

/** "3m ago" style ages for people; JSON output keeps the timestamps. */
export function age(from: Date | string | undefined, now = Date.now()): string {
  if (!from) return '-';
  const s = Math.max(0, Math.round((now - new Date(from).getTime()) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}
