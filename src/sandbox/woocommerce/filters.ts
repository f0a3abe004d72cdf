import type { Ctx } from './context';
import { dateQueryValue, formatGmt, formatLocal, isRestDate } from './dates';
import { invalidParam } from './errors';
import { list, optBool, optEnum, type Params } from './params';

/**
 * Collection date filters (reference 3.1): `after`/`before` on the created date, `modified_after`/
 * `modified_before` on the modified date; columns are site-local unless `dates_are_gmt=true` (default false);
 * WP_Date_Query bounds here are STRICT (> and <), so a poller must overlap its windows.
 */
export function dateFilter<T>(ctx: Ctx, p: Params, created: (x: T) => number, modified: (x: T) => number): (x: T) => boolean {
  const gmt = optBool(p, 'dates_are_gmt') ?? false;
  const column = (s: number) => (gmt ? formatGmt(s) : formatLocal(s, ctx.settings.timezone));
  const bounds: { get: (x: T) => number; op: 'after' | 'before'; value: string }[] = [];
  for (const [name, get, op] of [
    ['after', created, 'after'],
    ['before', created, 'before'],
    ['modified_after', modified, 'after'],
    ['modified_before', modified, 'before'],
  ] as const) {
    const v = p[name];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string' || !isRestDate(v)) throw invalidParam(name, 'Invalid date.', 'rest_invalid_date');
    bounds.push({ get, op, value: dateQueryValue(v, ctx.settings.timezone) });
  }
  return (x) =>
    bounds.every((b) => {
      const col = column(b.get(x));
      return b.op === 'after' ? col > b.value : col < b.value;
    });
}

export function includeExclude<T extends { id: number }>(p: Params): (x: T) => boolean {
  const include = list(p.include).map(Number);
  const exclude = list(p.exclude).map(Number);
  return (x) => (!include.length || include.includes(x.id)) && !exclude.includes(x.id);
}

/** orderby/order with ID as tiebreaker for date/modified ("Add ID to orderby for consistency with pagination"). */
export function sorter<T extends { id: number }>(
  p: Params,
  keys: Record<string, (x: T) => number | string>,
  defaultBy: string,
  defaultOrder: 'asc' | 'desc',
): (a: T, b: T) => number {
  const by = optEnum(p, 'orderby', Object.keys(keys)) ?? defaultBy;
  const dir = (optEnum(p, 'order', ['asc', 'desc'] as const) ?? defaultOrder) === 'asc' ? 1 : -1;
  if (by === 'include') {
    const include = list(p.include).map(Number);
    return (a, b) => include.indexOf(a.id) - include.indexOf(b.id);
  }
  const key = keys[by];
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -dir;
    if (ka > kb) return dir;
    return (a.id - b.id) * dir;
  };
}
