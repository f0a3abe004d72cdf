import { activityInfo, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { CycleResult, DryRunResult, SyncCounts, SyncEntity } from '../../workflows/definitions/sync';
import { DRY_RUN_SAMPLE, RECENT_LIMIT, zeroCounts } from '../../workflows/definitions/sync';
import type { ChangedPage } from './changed-rows';
import { pushBounded, redactEmails } from './failures';

/**
 * One WooCommerce write a page needs, keyed for reporting by SKU, or by CustID/CustNum for customers (never
 * the email: keys end up in workflow history, the status query and dry-run results).
 */
export interface PlannedWrite<W> {
  key: string;
  action: 'create' | 'update';
  item: W;
  /** Products only: the item is a variation of this variable product (its id unless the same page creates it). */
  parent?: { sku: string; id?: number };
}

/** What a page of Epicor rows means for WooCommerce, before anything is written. */
export interface PagePlan<W> {
  read: number;
  writes: PlannedWrite<W>[];
  unchanged: string[];
  invalid: { key: string; reason: string }[];
}

/**
 * `retryable`: WooCommerce failed on this item for a reason that may pass on a second try (a 5xx on the item,
 * or a batch answer without it). Such an item must not be skipped: the watermark would move past its row.
 */
export type WriteOutcome = { ok: true } | { ok: false; message: string; retryable: boolean };

/** The two halves every entity supplies: how to plan a page, how to write the planned items. */
export interface EntitySync<T, W> {
  entity: SyncEntity;
  pages(watermark: string): AsyncIterable<ChangedPage<T>>;
  /** The report key of a row, as `plan` uses it in `invalid` (tells re-read rows from fresh ones). */
  keyOf(row: T): string;
  plan(rows: T[]): Promise<PagePlan<W>>;
  /** One outcome per write, in order; whole-request failures throw (Temporal retries them). */
  write(writes: PlannedWrite<W>[]): Promise<WriteOutcome[]>;
}

export interface CycleInput {
  watermark: string;
  /** Pages per activity call; the workflow calls again while `more` is true. */
  maxPages?: number;
}

/** Cycle progress, heartbeated after every written page so a retry resumes where the last attempt stopped. */
interface Progress {
  watermark: string;
  counts: SyncCounts;
  skips: string[];
  errors: string[];
  pages: number;
  /**
   * Failed attempts so far of the items of the page after `watermark` that WooCommerce failed retryably
   * (by report key). Heartbeated just before the activity fails so the next attempt can count on; absent in
   * details heartbeated by older workers.
   */
  itemAttempts?: Record<string, number>;
}

export const DEFAULT_MAX_PAGES = 200;

/**
 * How many times one batch item may fail retryably (5xx, left out of the batch answer) before it is counted
 * as failed and the page moves on. Without a bound, a plugin that always 500s on one SKU would replay the
 * page forever and hold every later change back. With the loop's backoff (1s, 2s, 4s, 8s) this is ~15s.
 */
export const MAX_ITEM_ATTEMPTS = 5;

/**
 * One sync cycle: read a page, plan it, write it, heartbeat the new cursor; repeat. The watermark only ever
 * moves to the highest cursor of a page that was fully processed, so a crash mid-page re-reads that page
 * (its unchanged rows then cost no write, thanks to the hash).
 */
export async function runCycle<T, W>(sync: EntitySync<T, W>, input: CycleInput): Promise<CycleResult> {
  const resumed = activityInfo().heartbeatDetails as Progress | undefined;
  const p: Progress = resumed?.watermark ? resumed : { watermark: input.watermark, counts: zeroCounts(), skips: [], errors: [], pages: 0 };
  const maxPages = input.maxPages ?? DEFAULT_MAX_PAGES;
  let pagesThisAttempt = 0;

  for await (const page of sync.pages(p.watermark)) {
    const plan = await sync.plan(page.rows);
    const outcomes = plan.writes.length > 0 ? await sync.write(plan.writes) : [];
    // Before anything of this page is counted: a retried attempt resumes from the last heartbeat.
    throwIfRetryable(p, plan.writes, outcomes);

    const fresh = freshKeys(sync, page);
    p.counts.read += plan.read;
    p.counts.skippedUnchanged += plan.unchanged.length;
    for (const s of plan.invalid) {
      // A row from the overlap window that still cannot be mapped was reported when it was first read;
      // reporting it again every cycle would flood `recentSkips` and inflate the counts.
      if (!fresh.has(s.key)) {
        p.counts.skippedUnchanged++;
        continue;
      }
      p.counts.skippedInvalid++;
      pushBounded(p.skips, `${s.key}: ${s.reason}`, RECENT_LIMIT);
    }
    outcomes.forEach((o, i) => {
      if (o.ok) p.counts.written++;
      else {
        // One record WooCommerce refuses for good (validation), or keeps failing (see MAX_ITEM_ATTEMPTS),
        // must not stop the catalog: report it and go on.
        p.counts.failed++;
        const gaveUp = o.retryable ? ` (gave up after ${MAX_ITEM_ATTEMPTS} attempts)` : '';
        pushBounded(p.errors, `${plan.writes[i].key}: ${o.message}${gaveUp}`, RECENT_LIMIT);
      }
    });
    p.itemAttempts = undefined; // the counts belong to the page just finished
    p.watermark = page.watermark;
    p.pages++;
    pagesThisAttempt++;
    heartbeat(p);
    if (pagesThisAttempt >= maxPages) return { watermark: p.watermark, counts: p.counts, skips: p.skips, errors: p.errors, more: true };
  }
  return { watermark: p.watermark, counts: p.counts, skips: p.skips, errors: p.errors, more: false };
}

/** Keys of the rows past the starting watermark; the others were re-read from the overlap window. */
function freshKeys<T, W>(sync: EntitySync<T, W>, page: ChangedPage<T>): Set<string> {
  return new Set(page.rows.slice(page.reread).map((r) => sync.keyOf(r)));
}

/**
 * A 5xx (or a missing answer) on one batch item fails the whole activity as retryable instead of being
 * counted as failed: the page's watermark is not heartbeated yet, so Temporal's retry re-reads this page
 * (from the last heartbeat) and writes the item again, while the items that did get written now match
 * their hash and cost nothing. Skipping it at once would move the watermark past a row WooCommerce never took.
 *
 * But only MAX_ITEM_ATTEMPTS times per item: each failed attempt is counted in the heartbeat details (the
 * retry policy is unbounded, and `activityInfo().attempt` also counts failures of other pages and of whole
 * requests). An item that reaches the bound is returned to the caller as failed, so the page completes and
 * the watermark moves on; the nightly reconcile (parts) or the row's next change writes it again.
 */
function throwIfRetryable<W>(p: Progress, writes: PlannedWrite<W>[], outcomes: WriteOutcome[]): void {
  const attempts = { ...p.itemAttempts };
  const retry: string[] = [];
  outcomes.forEach((o, i) => {
    if (o.ok || !o.retryable) return;
    const key = writes[i].key;
    attempts[key] = (attempts[key] ?? 0) + 1;
    if (attempts[key] < MAX_ITEM_ATTEMPTS) retry.push(`${key}: ${o.message} (attempt ${attempts[key]} of ${MAX_ITEM_ATTEMPTS})`);
  });
  if (retry.length === 0) return;
  // Flushed with the failure, so the next attempt resumes with these counts (and the same watermark).
  p.itemAttempts = attempts;
  heartbeat(p);
  const more = retry.length > 1 ? ` (and ${retry.length - 1} more)` : '';
  throw ApplicationFailure.create({ message: redactEmails(`WooCommerce failed on a batch item, retrying: ${retry[0]}${more}`), type: 'WooBatchItemRetryable' });
}

/** The same walk with no writes: what would be created, updated or skipped. The watermark is not moved. */
export async function runDryRun<T, W>(sync: EntitySync<T, W>, watermark: string): Promise<DryRunResult> {
  const out: DryRunResult = {
    entity: sync.entity,
    fromWatermark: watermark,
    wouldAdvanceTo: watermark,
    counts: { read: 0, create: 0, update: 0, unchanged: 0, invalid: 0 },
    create: [],
    update: [],
    unchanged: [],
    invalid: [],
  };
  const sample = (list: string[], item: string) => list.length < DRY_RUN_SAMPLE && list.push(item);
  let pages = 0;
  for await (const page of sync.pages(watermark)) {
    const plan = await sync.plan(page.rows);
    out.counts.read += plan.read;
    for (const w of plan.writes) {
      out.counts[w.action]++;
      sample(out[w.action], w.key);
    }
    out.counts.unchanged += plan.unchanged.length;
    plan.unchanged.forEach((k) => sample(out.unchanged, k));
    const fresh = freshKeys(sync, page);
    for (const s of plan.invalid) {
      // As in a cycle: an unmappable row re-read from the overlap window is old news.
      if (!fresh.has(s.key)) {
        out.counts.unchanged++;
        continue;
      }
      out.counts.invalid++;
      sample(out.invalid, `${s.key}: ${s.reason}`);
    }
    out.wouldAdvanceTo = page.watermark;
    heartbeat({ pages: ++pages });
  }
  return out;
}
