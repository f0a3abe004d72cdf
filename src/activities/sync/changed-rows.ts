import { f, type EpicorClient, type ODataFilter } from '../../epicor';
import type { SyncCursor } from '../../workflows/definitions/sync';

/**
 * Reads rows changed after a watermark, one page at a time, with keyset paging: each page asks for rows
 * after the last one it saw, never `$skip`. A row edited while a cycle runs moves to the end of the order
 * (its SysRevID or ChangedOn grows), so `$skip` paging would silently step over another row; keyset paging
 * either meets the edited row later in this cycle or leaves it for the next one, and loses nothing.
 */
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
}

export interface ChangedPage<T> {
  rows: T[];
  /** Highest cursor value on this page: the watermark once the page is written. */
  watermark: string;
}

type Row = Record<string, unknown>;

export async function* changedRows<T extends Row>(epicor: EpicorClient, q: ChangedRowsQuery): AsyncGenerator<ChangedPage<T>> {
  if (q.cursor === 'SysRevID') {
    let after = BigInt(q.watermark);
    for (;;) {
      const rows = await epicor.query<T>(q.service, q.entitySet, {
        filter: f.gt('SysRevID', after),
        select: q.select,
        orderBy: ['SysRevID'],
        top: q.pageSize,
      });
      if (rows.length === 0) return;
      for (const r of rows) {
        const rev = BigInt(String(r.SysRevID));
        if (rev > after) after = rev;
      }
      yield { rows, watermark: after.toString() };
    }
  }

  // ChangedOn: start `overlapSeconds` early, then walk (ChangedOn, key) pairs strictly forward.
  let at = new Date(epicorInstant(q.watermark).getTime() - (q.overlapSeconds ?? 0) * 1000);
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
    yield { rows, watermark: atText };
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
