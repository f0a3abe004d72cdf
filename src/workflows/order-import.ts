import {
  ActivityFailure,
  type ActivityOptions,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { OrderActivities } from '../activities/orders';
import { EpicorOrderNum, ParkedReason, WooOrderId } from '../temporal/search-attributes';
import {
  MEMO_HANDLED_REFUNDS,
  MEMO_PARKED_REASON,
  MEMO_PROCESSED_MODIFIED,
  mayBeNewChange,
  orderStatusQuery,
  PERMANENT_FAILURE_TYPES,
  refundHandledSignal,
  retrySignal,
  wooChangedSignal,
  type OrderImportInput,
  type OrderImportResult,
  type OrderImportStatus,
} from './definitions/orders';
import { sendAlert } from './alert';

const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [...PERMANENT_FAILURE_TYPES] },
};
/**
 * Activities heartbeat while they run (guard in activities/orders/failures.ts), so an attempt on a dead worker is
 * retried after the heartbeat timeout instead of the 2-minute start-to-close, and a timed-out attempt learns of it
 * (cancellation) and aborts its Epicor request instead of writing beside its retry.
 */
const watchedActs = proxyActivities<OrderActivities>({ ...ACTIVITY_OPTIONS, heartbeatTimeout: '20 seconds' });
const unwatchedActs = proxyActivities<OrderActivities>(ACTIVITY_OPTIONS);
/** Picks the options per call, so histories from before the heartbeat timeout replay with the old commands. */
const acts = new Proxy(watchedActs, {
  get: (_target, name: keyof OrderActivities) => (patched(ACTIVITY_HEARTBEATS) ? watchedActs : unwatchedActs)[name],
});

/**
 * Before IMPORT_PASS only: Woo statuses with nothing to import yet. Since, the import pass activity decides from
 * ORDER_IMPORT_STATUSES (a setting belongs to the activities, which read config).
 */
const NOT_READY = new Set(['pending', 'failed', 'checkout-draft', 'draft', 'auto-draft', 'trash']);

/**
 * Patch ids (`patched`): histories recorded before these changes replay with the old behaviour.
 * - SAME_SECOND_CHANGE: a wooChanged with the same date_modified_gmt as the state processed last triggers a pass.
 * - RECORD_HANDLED_REFUNDS: the refundHandled signal's recordRefundsHandled activity, and skipping (and showing in
 *   the memo) the refunds an earlier run recorded as handled.
 * - PARKED_IGNORES_SEEN_CHANGE: a parked run ignores wooChanged hints no newer than the state it parked on.
 * - RETRY_DURING_PASS: a retry sent while a pass runs asks for one more pass, instead of lingering until a later
 *   park, which it ended at once (a pointless repeat of the failing writes).
 * - PARKED_SEARCH_ATTRIBUTE: a parked run sets the ParkedReason search attribute (its failure type) and unsets it
 *   when it unparks.
 * - ACTIVITY_HEARTBEATS: activities are scheduled with a heartbeat timeout.
 */
const SAME_SECOND_CHANGE = 'order-import-same-second-change';
const RECORD_HANDLED_REFUNDS = 'order-import-record-handled-refunds';
const PARKED_IGNORES_SEEN_CHANGE = 'order-import-parked-ignores-seen-change';
const RETRY_DURING_PASS = 'order-import-retry-during-pass';
const PARKED_SEARCH_ATTRIBUTE = 'order-import-parked-search-attribute';
const ACTIVITY_HEARTBEATS = 'order-import-activity-heartbeats';
/** PARK_ALERT: parking raises an alert (ALERT_URL), and the import that follows a park resolves it. */
const PARK_ALERT = 'order-import-park-alert';
/**
 * IMPORT_PASS: a pass is one importOrder activity (one Woo read; find, header, new lines and charges in Epicor;
 * skip by ORDER_IMPORT_STATUSES; remember imported Woo items) instead of fetchWooOrder, findEpicorOrder, planOrder,
 * resolveCustomer, createOrderHeader, listOrderLines and one activity per line and charge.
 */
const IMPORT_PASS = 'order-import-one-activity-pass';

/** Refunds an operator declared handled: `all` skipped when crediting, `unrecorded` not yet stored in Woo. */
interface HandledRefunds {
  all: Set<number>;
  unrecorded: number[];
}

/**
 * One WooCommerce order -> one Epicor sales order, its cancellation and its refunds as credits.
 *
 * Each pass re-reads the order from WooCommerce (webhooks are hints, possibly stale or out of order) and
 * makes Epicor match it: find the order by PONum or create the header, add missing lines and charges,
 * hold/close on cancellation, credit new refunds. Every step looks up before it writes, so a crash, an
 * activity retry, a new run for the same id or a reset converges on exactly one order.
 * Signals arriving during a pass trigger one more pass; then the workflow completes (see order-starters.ts
 * for why a later change starts a new run instead of keeping this one open).
 */
export async function orderImport(input: OrderImportInput): Promise<OrderImportResult> {
  const status: OrderImportStatus = { phase: 'fetching', wooOrderId: input.wooOrderId, creditedRefunds: [] };
  const result: OrderImportResult = { wooOrderId: input.wooOrderId, lines: [], credits: [] };
  const handled: HandledRefunds = { all: new Set(), unrecorded: [] };
  let changed = true; // being started is the first change
  let retryRequested = false;
  // date_modified_gmt of the Woo order the current pass read; while parked, the state the order parked on.
  const read: { modifiedGmt?: string } = {};

  setHandler(orderStatusQuery, () => status);
  setHandler(retrySignal, () => {
    if (status.phase !== 'parked' && patched(RETRY_DURING_PASS)) changed = true;
    else retryRequested = true;
  });
  setHandler(wooChangedSignal, (change) => {
    // A hint strictly older than what we already processed adds nothing (catch-up re-sends known orders).
    if (!mayBeNewChange(change, status.processedModifiedGmt)) return;
    // Same second as the processed state: date_modified_gmt has 1 s resolution, so it may be a later save
    // (a payment right after the pending state we read). Older code dropped it; its histories keep doing so.
    if (change.modifiedGmt && change.modifiedGmt === status.processedModifiedGmt && !patched(SAME_SECOND_CHANGE)) return;
    // A parked run never sets processedModifiedGmt, and the catch-up re-lists its last window every pass: without
    // this, each pass woke the order to repeat the failing writes and park again. A hint no newer than the state
    // the order parked on carries nothing new (the parking pass read it); a newer change or `retry` still wakes it.
    if (
      status.phase === 'parked' &&
      change.modifiedGmt &&
      read.modifiedGmt &&
      change.modifiedGmt <= read.modifiedGmt &&
      patched(PARKED_IGNORES_SEEN_CHANGE)
    ) {
      return;
    }
    changed = true;
  });
  setHandler(refundHandledSignal, (wooRefundId) => {
    if (!Number.isSafeInteger(wooRefundId) || wooRefundId <= 0 || handled.all.has(wooRefundId)) return;
    handled.all.add(wooRefundId);
    handled.unrecorded.push(wooRefundId);
    // Another pass stores the decision and credits what is left; a parked workflow wakes up for it.
    changed = true;
  });
  upsertSearchAttributes([{ key: WooOrderId, value: String(input.wooOrderId) }]);
  const alertKey = `order-parked:${input.store}:${input.wooOrderId}`;
  let parkAlerted = false;
  describeOrder(status);

  while (changed) {
    changed = false;
    try {
      if (handled.unrecorded.length && patched(RECORD_HANDLED_REFUNDS)) {
        // Stored in the Woo order before anything else, so a later run (new refund, catch-up) skips it too.
        await acts.recordRefundsHandled({ wooOrderId: input.wooOrderId, wooRefundIds: [...handled.all] });
        handled.unrecorded = [];
        publishHandled(handled, status, result);
      }
      await (patched(IMPORT_PASS) ? importPass : syncWithWoo)(input, status, result, handled, read);
    } catch (err) {
      const reason = parkReason(err);
      if (!reason) throw err;
      read.modifiedGmt ??= reason.wooModifiedGmt;
      status.phase = 'parked';
      status.parkedReason = reason.text;
      status.parkedAt = new Date().toISOString();
      upsertMemo({ [MEMO_PARKED_REASON]: reason.text });
      const searchable = patched(PARKED_SEARCH_ATTRIBUTE);
      if (searchable) upsertSearchAttributes([{ key: ParkedReason, value: reason.type }]);
      describeOrder(status);
      if (!parkAlerted && patched(PARK_ALERT)) {
        parkAlerted = true;
        // Not awaited: a slow alert endpoint must not delay the park (signals are handled meanwhile anyway).
        void sendAlert('firing', { key: alertKey, text: `Woo order ${input.wooOrderId} parked: ${reason.text}. Fix the data, then: npm run ctl -- retry ${input.wooOrderId}` });
      }
      await condition(() => retryRequested || changed);
      retryRequested = false;
      changed = true;
      status.parkedReason = status.parkedAt = undefined;
      upsertMemo({ [MEMO_PARKED_REASON]: '' });
      if (searchable) upsertSearchAttributes([{ key: ParkedReason, value: null }]);
    }
  }

  status.phase = 'done';
  result.processedModifiedGmt = status.processedModifiedGmt;
  upsertMemo({ [MEMO_PROCESSED_MODIFIED]: status.processedModifiedGmt ?? '' });
  describeOrder(status);
  if (parkAlerted) {
    const outcome = result.epicorOrderNum ? `imported as Epicor order ${result.epicorOrderNum}` : (result.skipped ?? 'done');
    await sendAlert('resolved', { key: alertKey, text: `Woo order ${input.wooOrderId} is no longer parked: ${outcome}` });
  }
  return result;
}

/** What the Web UI shows for the running order (current details): business words, no personal data. */
function describeOrder(status: OrderImportStatus): void {
  const epicor = status.epicorOrderNum ? ` → Epicor ${status.epicorOrderNum}` : '';
  const state = status.phase === 'parked' ? `parked: ${status.parkedReason}` : status.skipped ? `${status.phase}, not imported: ${status.skipped}` : status.phase;
  const credits = status.creditedRefunds.length ? `, refunds credited: ${status.creditedRefunds.join(', ')}` : '';
  setCurrentDetails(`**Woo order ${status.wooOrderId}${epicor}**\n\n${state}${status.poNum ? ` · PONum ${status.poNum}` : ''}${credits}`);
}

/**
 * One pass: importOrder brings Epicor's order up to what is new in WooCommerce (or says why the order is not
 * imported), then the workflow holds/closes it on cancellation and credits new refunds, one activity each.
 */
async function importPass(
  input: OrderImportInput,
  status: OrderImportStatus,
  result: OrderImportResult,
  handled: HandledRefunds,
  read: { modifiedGmt?: string },
): Promise<void> {
  status.phase = 'importing';
  read.modifiedGmt = undefined; // a pass that parks before reading Woo has seen no state to compare with
  const summary = `import Woo order ${input.wooOrderId}: what is new into Epicor`;
  let pass = await acts.importOrder.executeWithOptions({ summary }, [{ wooOrderId: input.wooOrderId }]);
  // A big order is written over several calls (each within its attempt's time); each one finds what the last wrote.
  while (pass.more) {
    if (pass.order) markEpicorOrder(pass.order.orderNum, status, result);
    describeOrder(status);
    pass = await acts.importOrder.executeWithOptions({ summary: `${summary} (continued)` }, [{ wooOrderId: input.wooOrderId }]);
  }
  const woo = pass.woo;
  read.modifiedGmt = woo.modifiedGmt;
  const stored = (woo.handledRefundIds ?? []).filter((id) => !handled.all.has(id));
  if (stored.length) {
    for (const id of stored) handled.all.add(id);
    publishHandled(handled, status, result);
  }
  if (!woo.found || !woo.poNum) {
    result.skipped = 'order not found in WooCommerce';
    status.phase = 'waiting-for-woo';
    return;
  }
  status.wooStatus = woo.status;
  status.poNum = result.poNum = woo.poNum;
  if (!pass.order) {
    status.skipped = result.skipped = pass.skipped ?? `status ${woo.status}`;
    status.phase = 'waiting-for-woo';
    status.processedModifiedGmt = woo.modifiedGmt;
    return;
  }
  status.skipped = result.skipped = undefined;
  const order = pass.order;
  markEpicorOrder(order.orderNum, status, result);
  describeOrder(status);
  result.lines = pass.lines;

  await cancelAndCredit(input, order, woo, status, result, handled);
  status.processedModifiedGmt = woo.modifiedGmt;
}

/** The pass before IMPORT_PASS, kept so its histories replay. */
async function syncWithWoo(
  input: OrderImportInput,
  status: OrderImportStatus,
  result: OrderImportResult,
  handled: HandledRefunds,
  read: { modifiedGmt?: string },
): Promise<void> {
  status.phase = 'fetching';
  read.modifiedGmt = undefined; // a pass that parks before reading Woo has seen no state to compare with
  const woo = await acts.fetchWooOrder(input.wooOrderId);
  read.modifiedGmt = woo.modifiedGmt;
  const stored = (woo.handledRefundIds ?? []).filter((id) => !handled.all.has(id));
  // Guarded like the recording: a worker from before refundHandled neither skipped these refunds nor upserted
  // the memo, so its histories (a rolling deploy) must replay with neither. patched() is asked only when there
  // is something to skip, so runs without handled refunds record no marker.
  if (stored.length && patched(RECORD_HANDLED_REFUNDS)) {
    for (const id of stored) handled.all.add(id);
    publishHandled(handled, status, result);
  }
  if (!woo.found || !woo.poNum) {
    result.skipped = 'order not found in WooCommerce';
    status.phase = 'waiting-for-woo';
    return;
  }
  status.wooStatus = woo.status;
  status.poNum = result.poNum = woo.poNum;
  if (NOT_READY.has(woo.status ?? '')) {
    result.skipped = `status ${woo.status}`;
    status.phase = 'waiting-for-woo';
    status.processedModifiedGmt = woo.modifiedGmt;
    return;
  }
  result.skipped = undefined;
  status.phase = 'importing';

  let order = await acts.findEpicorOrder({ poNum: woo.poNum, wooOrderId: input.wooOrderId });
  if (!order && woo.status === 'cancelled') {
    result.skipped = 'cancelled before import';
    status.processedModifiedGmt = woo.modifiedGmt;
    return;
  }

  if (!order || woo.status !== 'cancelled') {
    // Planned even when the header exists: a run that died between header and lines finishes them here.
    // With the order in Epicor only lines not on it yet are validated, so a part inactivated (or a Woo
    // product deleted) after the import cannot park the order and hold up its refunds.
    const plan = await acts.planOrder(input.wooOrderId, order ? { orderNum: order.orderNum } : undefined);
    if (!order) {
      const customer = await acts.resolveCustomer(input.wooOrderId);
      order = await acts.createOrderHeader.executeWithOptions({ summary: `create Epicor order ${woo.poNum} for customer ${customer.custId}` }, [
        { poNum: woo.poNum, custNum: customer.custNum, custId: customer.custId, wooOrderId: input.wooOrderId },
      ]);
    }
    markEpicorOrder(order.orderNum, status, result);
    const present = new Set((await acts.listOrderLines(order.orderNum)).map((l) => l.reference));
    for (const line of plan.lines) {
      if (!present.has(line.reference)) {
        await acts.addOrderLine.executeWithOptions({ summary: `Epicor ${order.orderNum}: add ${line.reference}` }, [{ orderNum: order.orderNum, custNum: order.custNum, line }]);
      }
    }
    for (const charge of plan.charges) await acts.addMiscCharge({ orderNum: order.orderNum, custNum: order.custNum, charge });
  }
  markEpicorOrder(order.orderNum, status, result);
  describeOrder(status);
  result.lines = (await acts.listOrderLines(order.orderNum)).map((l) => l.orderLine);

  await cancelAndCredit(input, order, woo, status, result, handled);
  status.processedModifiedGmt = woo.modifiedGmt;
}

/** Both passes end the same way: hold or close a cancelled order, then credit the refunds not credited yet. */
async function cancelAndCredit(
  input: OrderImportInput,
  order: { orderNum: number; custNum: number },
  woo: { status?: string; refundIds: number[] },
  status: OrderImportStatus,
  result: OrderImportResult,
  handled: HandledRefunds,
): Promise<void> {
  if (woo.status === 'cancelled') {
    result.cancelled = await acts.cancelEpicorOrder({ orderNum: order.orderNum, custNum: order.custNum });
  }
  for (const wooRefundId of woo.refundIds) {
    if (status.creditedRefunds.includes(wooRefundId) || handled.all.has(wooRefundId)) continue;
    const credit = await acts.creditRefund.executeWithOptions({ summary: `credit Woo refund ${wooRefundId} on Epicor ${order.orderNum}` }, [
      { wooOrderId: input.wooOrderId, wooRefundId, orderNum: order.orderNum, custNum: order.custNum },
    ]);
    status.creditedRefunds.push(wooRefundId);
    result.credits.push(credit);
  }
}

/** Status, result and memo show the handled refunds (ids only). Called only when the set grew. */
function publishHandled(handled: HandledRefunds, status: OrderImportStatus, result: OrderImportResult): void {
  const ids = [...handled.all].sort((a, b) => a - b);
  status.handledRefunds = result.handledRefunds = ids;
  upsertMemo({ [MEMO_HANDLED_REFUNDS]: ids });
}

function markEpicorOrder(orderNum: number, status: OrderImportStatus, result: OrderImportResult): void {
  if (status.epicorOrderNum === orderNum) return;
  status.epicorOrderNum = result.epicorOrderNum = orderNum;
  upsertSearchAttributes([{ key: EpicorOrderNum, value: String(orderNum) }]);
}

/**
 * `type`: the failure type (short, for the search attribute); `text`: type and message (status and memo);
 * `wooModifiedGmt`: the Woo state the failing importOrder read (it read Woo itself).
 */
function parkReason(err: unknown): { type: string; text: string; wooModifiedGmt?: string } | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type && (PERMANENT_FAILURE_TYPES as readonly string[]).includes(cause.type)) {
    const parkedOn = (cause.details?.[0] as { wooModifiedGmt?: unknown } | undefined)?.wooModifiedGmt;
    return { type: cause.type, text: `${cause.type}: ${cause.message}`, wooModifiedGmt: typeof parkedOn === 'string' ? parkedOn : undefined };
  }
  return undefined;
}
