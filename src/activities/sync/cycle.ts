import { activityInfo, heartbeat } from '@temporalio/activity';
import type { CycleResult, DryRunResult, SyncCounts, SyncEntity } from '../../workflows/definitions/sync';
import { DRY_RUN_SAMPLE, RECENT_LIMIT, zeroCounts } from '../../workflows/definitions/sync';
import type { ChangedPage } from './changed-rows';
import { pushBounded } from './failures';

/** One WooCommerce write a page needs, keyed by SKU or email for reporting. */
export interface PlannedWrite<W> {
  key: string;
  action: 'create' | 'update';
  item: W;
}

/** What a page of Epicor rows means for WooCommerce, before anything is written. */
export interface PagePlan<W> {
  read: number;
  writes: PlannedWrite<W>[];
  unchanged: string[];
  invalid: { key: string; reason: string }[];
}

export type WriteOutcome = { ok: true } | { ok: false; message: string };

/** The two halves every entity supplies: how to plan a page, how to write the planned items. */
export interface EntitySync<T, W> {
  entity: SyncEntity;
  pages(watermark: string): AsyncIterable<ChangedPage<T>>;
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
}

export const DEFAULT_MAX_PAGES = 200;

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
    p.counts.read += plan.read;
    p.counts.skippedUnchanged += plan.unchanged.length;
    for (const s of plan.invalid) {
      p.counts.skippedInvalid++;
      pushBounded(p.skips, `${s.key}: ${s.reason}`, RECENT_LIMIT);
    }
    if (plan.writes.length > 0) {
      const outcomes = await sync.write(plan.writes);
      outcomes.forEach((o, i) => {
        if (o.ok) p.counts.written++;
        else {
          // One refused record must not stop the catalog: report it and go on.
          p.counts.failed++;
          pushBounded(p.errors, `${plan.writes[i].key}: ${o.message}`, RECENT_LIMIT);
        }
      });
    }
    p.watermark = page.watermark;
    p.pages++;
    pagesThisAttempt++;
    heartbeat(p);
    if (pagesThisAttempt >= maxPages) return { watermark: p.watermark, counts: p.counts, skips: p.skips, errors: p.errors, more: true };
  }
  return { watermark: p.watermark, counts: p.counts, skips: p.skips, errors: p.errors, more: false };
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
    out.counts.invalid += plan.invalid.length;
    plan.invalid.forEach((s) => sample(out.invalid, `${s.key}: ${s.reason}`));
    out.wouldAdvanceTo = page.watermark;
    heartbeat({ pages: ++pages });
  }
  return out;
}
