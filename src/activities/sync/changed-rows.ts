import { f, type EpicorClient, type ODataFilter } from '../../epicor';
import type { SyncCursor } from '../../workflows/definitions/sync';

/**
 * Reads rows changed after a watermark, one page at a time, with keyset paging: each page asks for rows
 * after the last one it saw, never `$skip`. A row edited while a cycle runs moves to the end of the order
 * (its SysRevID or ChangedOn grows), so `$skip` paging would silently step over another row; keyset paging
 * either meets the edited row later in this cycle or leaves it for the next one, and loses nothing.
 */

/**
 * How many SysRevIDs behind the watermark every SysRevID read starts. SQL Server stamps the rowversion when
 * a row is written but the row becomes visible only when its transaction commits, so a long transaction can
 * commit a row with a SysRevID below one that an earlier cycle already read and moved the watermark past.
 * SysRevID is database-wide (every write to every table consumes one), so 1000 values cover the writes of a
 * few seconds on a busy server and only the last rows of this table on a quiet one; the re-read rows match
 * their stored hash and cost no WooCommerce write. (Would be `SYNC_REVID_OVERLAP` if it ever needs tuning.)
 */
export const SYSREVID_OVERLAP = 1000n;

export interface ChangedRowsQuery {
  service: string;
  entitySet: string;
  select: string[];
  cursor: SyncCursor;
  /** Tie-breaker key for ChangedOn (many rows can share a timestamp). */
  key: string;
  watermark: string;
  pageSize: number;
  /** ChangedOn only: seconds re-read before the watermark, for clocks and transactions that commit late. */
  overlapSeconds?: number;
  /** SysRevID only: values re-read before the watermark (default SYSREVID_OVERLAP; reconcile starts at 0 anyway). */
  overlapRevIds?: bigint;
}

export interface ChangedPage<T> {
  rows: T[];
  /** Highest cursor value on this page (never below the starting watermark): the watermark once the page is written. */
  watermark: string;
  /**
   * How many leading rows lie at or behind the starting watermark: the overlap window, re-read on purpose.
   * Most were handled by an earlier cycle; only a late-committed one can need a write (rows come in cursor
   * order, so these are always the first ones).
   */
  reread: number;
}

type Row = Record<string, unknown>;

export async function* changedRows<T extends Row>(epicor: EpicorClient, q: ChangedRowsQuery): AsyncGenerator<ChangedPage<T>> {
  if (q.cursor === 'SysRevID') {
    const from = BigInt(q.watermark);
    const overlap = q.overlapRevIds ?? SYSREVID_OVERLAP;
    let after = from > overlap ? from - overlap : 0n;
    for (;;) {
      const rows = await epicor.query<T>(q.service, q.entitySet, {
        filter: f.gt('SysRevID', after),
        select: q.select,
        orderBy: ['SysRevID'],
        top: q.pageSize,
      });
      if (rows.length === 0) return;
      let reread = 0;
      for (const r of rows) {
        const rev = BigInt(String(r.SysRevID));
        if (rev > after) after = rev;
        if (rev <= from) reread++;
      }
      // Never move the watermark backwards because of the overlap window.
      yield { rows, watermark: (after > from ? after : from).toString(), reread };
    }
  }

  // ChangedOn: start `overlapSeconds` early, then walk (ChangedOn, key) pairs strictly forward.
  const fromMs = epicorInstant(q.watermark).getTime();
  let at = new Date(fromMs - (q.overlapSeconds ?? 0) * 1000);
  let atText = q.watermark;
  let afterKey: string | undefined;
  for (;;) {
    const filter: ODataFilter =
      afterKey === undefined ? f.ge('ChangedOn', at) : f.or(f.gt('ChangedOn', at), f.and(f.eq('ChangedOn', at), f.gt(q.key, afterKey)));
    const rows = await epicor.query<T>(q.service, q.entitySet, { filter, select: q.select, orderBy: ['ChangedOn', q.key], top: q.pageSize });
    if (rows.length === 0) return;
    const last = rows[rows.length - 1];
    at = epicorInstant(String(last.ChangedOn));
    afterKey = String(last[q.key]);
    // Never move the watermark backwards because of the overlap window.
    if (at.getTime() > epicorInstant(atText).getTime()) atText = String(last.ChangedOn);
    const reread = rows.filter((r) => epicorInstant(String(r.ChangedOn)).getTime() <= fromMs).length;
    yield { rows, watermark: atText, reread };
  }
}

/** Epicor datetimes come without a zone (server time); the connector reads them as UTC, like the simulator. */
export function epicorInstant(text: string): Date {
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
  const d = new Date(zoned);
  if (Number.isNaN(d.getTime())) throw new TypeError(`not an Epicor datetime: ${text}`);
  return d;
}

/** Every row of a filter (paged with the client's own pager); for snapshot reads like all warehouses of a part. */
export async function allRows<T>(epicor: EpicorClient, service: string, entitySet: string, filter: ODataFilter, select: string[], pageSize: number): Promise<T[]> {
  const out: T[] = [];
  for await (const page of epicor.pages<T>(service, entitySet, { filter, select, pageSize })) out.push(...page);
  return out;
}
