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

export type OrderImportPhase = 'fetching' | 'importing' | 'waiting-for-woo' | 'parked' | 'done';

export interface OrderImportStatus {
  phase: OrderImportPhase;
  wooOrderId: number;
  wooStatus?: string;
  poNum?: string;
  epicorOrderNum?: number;
  /** Why the workflow is parked (unknown SKU, credit hold, validation error); cleared on retry. */
  parkedReason?: string;
  /** Newest Woo `date_modified_gmt` fully processed. */
  processedModifiedGmt?: string;
  creditedRefunds: number[];
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
] as const;
export type PermanentFailureType = (typeof PERMANENT_FAILURE_TYPES)[number];

/** Memo keys the catch-up reads back to skip orders a closed run already processed. */
export const MEMO_PROCESSED_MODIFIED = 'wooModifiedGmt';
export const MEMO_PARKED_REASON = 'parkedReason';

// Catch-up loop
export const CATCHUP_WORKFLOW_ID = 'woo-catchup';
export const pauseCatchupSignal = defineSignal<[]>('pause');
export const resumeCatchupSignal = defineSignal<[]>('resume');
/**
 * Run a pass now instead of at the end of the interval, e.g. right after the webhook-health loop repaired a
 * disabled webhook (orders changed while it was down are found at once). A paused loop runs it on resume.
 */
export const catchUpNowSignal = defineSignal<[]>('catchUpNow');
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
