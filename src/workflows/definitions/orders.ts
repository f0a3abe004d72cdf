import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * Names shared by the order workflows, the webhook, the catch-up activity and the CLI. No Node imports:
 * this file is part of the workflow bundle.
 */

/** A WooCommerce order changed (webhook or catch-up). Only a hint: the workflow re-reads the order. */
export interface WooChanged {
  source: 'webhook' | 'catch-up' | 'operator';
  /** `date_modified_gmt` seen by the sender, when it had one. */
  modifiedGmt?: string;
}
export const wooChangedSignal = defineSignal<[WooChanged]>('wooChanged');
/** Operator fixed the data behind a parked import (part created, credit hold lifted): try again. */
export const retrySignal = defineSignal<[]>('retry');
/**
 * Operator credited a Woo refund by other means (a refund the connector parked as RefundNotCreditable, credited
 * by hand without a `woo-refund:<id>` comment): stop trying to credit it. The workflow stores the decision in
 * the Woo order (meta `_epicor_refund_handled`, see woo-order.ts) so later runs for the order skip it too.
 */
export const refundHandledSignal = defineSignal<[wooRefundId: number]>('refundHandled');

/**
 * Whether a `wooChanged` hint may carry something not processed yet. Only a strictly older `date_modified_gmt`
 * is stale: it has 1-second resolution, so a payment saved in the same second as the state the workflow read
 * shows the same timestamp and must trigger another pass.
 */
export function mayBeNewChange(change: WooChanged, processedModifiedGmt: string | undefined): boolean {
  return !change.modifiedGmt || !processedModifiedGmt || change.modifiedGmt >= processedModifiedGmt;
}

export type OrderImportPhase = 'fetching' | 'importing' | 'waiting-for-woo' | 'parked' | 'done';

export interface OrderImportStatus {
  phase: OrderImportPhase;
  wooOrderId: number;
  wooStatus?: string;
  poNum?: string;
  epicorOrderNum?: number;
  /** Why the workflow is parked (unknown SKU, credit hold, validation error); cleared on retry. */
  parkedReason?: string;
  /** When it parked (workflow time), for "parked for 3h" in `npm run ctl -- status`. */
  parkedAt?: string;
  /** Newest Woo `date_modified_gmt` fully processed. */
  processedModifiedGmt?: string;
  creditedRefunds: number[];
  /** Refunds an operator declared handled (refundHandled signal, or recorded in the Woo order by an earlier run). */
  handledRefunds?: number[];
  /** Why the last pass imported nothing (e.g. a status ORDER_IMPORT_STATUSES does not import). */
  skipped?: string;
}
export const orderStatusQuery = defineQuery<OrderImportStatus>('status');

export interface OrderImportInput {
  store: string;
  wooOrderId: number;
}

export interface OrderImportResult {
  wooOrderId: number;
  poNum?: string;
  epicorOrderNum?: number;
  /** Epicor order lines (OrderLine numbers) that exist for the Woo order. */
  lines: number[];
  /** `amount`: net credited in Epicor, positive decimal string. */
  /** One per Woo refund: an RMA with its credit memos (rma route) or one AR credit memo (rmaNum 0). */
  credits: { wooRefundId: number; rmaNum: number; invoiceNums: number[]; amount: string; creditMemoNum?: number }[];
  cancelled?: 'hold' | 'close';
  /** Woo refund ids an operator credited by other means (refundHandled); not credited by the connector. */
  handledRefunds?: number[];
  /** Why nothing was imported (checkout-draft, pending payment, deleted). */
  skipped?: string;
  processedModifiedGmt?: string;
}

/**
 * Activity failure types that need a person (unknown or inactive part, credit hold, a refund an RMA cannot
 * credit, a validation error): the workflow parks on them with the reason instead of retrying forever.
 */
export const PERMANENT_FAILURE_TYPES = [
  'UnknownSku',
  'InactivePart',
  'CreditHold',
  'CustomerMissing',
  'RefundNotCreditable',
  'EpicorRejected',
  'WooRejected',
  'NotImplemented',
  /** Woo data the mapping cannot express (an amount with more than 2 decimals, a PONum over 50 characters). */
  'InvalidOrder',
  /** The Epicor order with this PONum is not this Woo order's import (another customer, not a web order). */
  'PoNumConflict',
  /** The planned Epicor lines and charges do not add up to the Woo total minus tax (e.g. a gift card). */
  'TotalsMismatch',
  /** The Woo order's currency is not the Epicor customer's (ORDER_CHECK_CURRENCY, see epicor-customer.ts). */
  'CurrencyMismatch',
  /** The order ships to an address that is none of the customer's ship-tos, and the customer has AllowOTS off. */
  'OneTimeShipToNotAllowed',
  /** An unexplained error that failed UNCLEAR_FAILURE_MAX_ATTEMPTS times (transient failures not counted). */
  'Unexpected',
] as const;
export type PermanentFailureType = (typeof PERMANENT_FAILURE_TYPES)[number];

/** Memo keys the catch-up reads back to skip orders a closed run already processed. */
export const MEMO_PROCESSED_MODIFIED = 'wooModifiedGmt';
export const MEMO_PARKED_REASON = 'parkedReason';
/** Memo: Woo refund ids an operator declared handled (see refundHandledSignal). */
export const MEMO_HANDLED_REFUNDS = 'handledRefunds';

// Catch-up loop
export const CATCHUP_WORKFLOW_ID = 'woo-catchup';
export const pauseCatchupSignal = defineSignal<[]>('pause');
export const resumeCatchupSignal = defineSignal<[]>('resume');
/**
 * Run a pass now instead of at the end of the interval, e.g. right after the webhook-health loop repaired a
 * disabled webhook (orders changed while it was down are found at once). A paused loop runs it on resume.
 */
export const catchUpNowSignal = defineSignal<[]>('catchUpNow');
/** Memo key holding the catch-up watermark, and the patch that introduced it (histories from before replay). */
export const MEMO_CATCHUP_WATERMARK = 'catchupWatermarkGmt';
export const CATCHUP_MEMO_WATERMARK = 'catchup-memo-watermark';
/** Patch: a catchUpNow that arrives before or during a pass is kept and runs the next pass at once. */
export const CATCHUP_KEEP_EARLY_REQUEST = 'catchup-keep-early-request';
/** Patch id: the catch-up pass is scheduled with a 30 s heartbeat timeout (was 2 minutes); it heartbeats every 8 orders. */
export const CATCHUP_SHORT_HEARTBEAT = 'catchup-short-heartbeat';
/** Applies a changed CATCHUP_INTERVAL to the running loop (sent by ensureOrderWorkflows on every start). */
export const configureCatchupSignal = defineSignal<[{ intervalSeconds: number }]>('configure');
export interface CatchupState {
  /**
   * Orders modified after this (UTC, `YYYY-MM-DDTHH:MM:SS`) are looked at; ensureOrderWorkflows starts it at
   * CATCHUP_SINCE or the moment the loop is first created, so installing the connector does not import the
   * store's history. Unset = every order the store has.
   */
  watermarkGmt?: string;
  paused?: boolean;
  passes?: number;
  /** Why the last pass failed (WooCommerce down for longer than the retries, keys revoked); cleared by a good pass. */
  lastError?: string;
}
export interface CatchupStatus extends CatchupState {
  intervalSeconds: number;
  lastPass?: { listed: number; started: number; signalled: number; skipped: number; unreadable: number };
}
export const catchupStatusQuery = defineQuery<CatchupStatus>('status');

/**
 * Short, stable key for a store URL: readable host part plus a hash of the normalised URL, so two stores on
 * one host (or `http`/`https` spellings of one store) never collide and never split.
 */
export function storeKey(storeUrl: string): string {
  const normalised = storeUrl.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const host = normalised.split('/')[0].replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24);
  return `${host}-${fnv1a(normalised).toString(36)}`;
}

export const orderWorkflowId = (store: string, wooOrderId: number | string): string => `woo-order-${store}-${wooOrderId}`;

/** FNV-1a 32-bit: deterministic and dependency-free (workflow bundles cannot use node:crypto). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
