import { numCmp, toNum, type Num } from './decimal';
import { badRequest } from './errors';
import { compileFilter, instantOf, type FilterOptions } from './odata-filter';
import type { Row, Schema } from './schema';

export interface QueryOptions extends FilterOptions {
  /** Rows returned when $top is missing or larger (reference section 4: 100, [S]). */
  pageCap: number;
  /** @odata.nextLink is in no source (reference section 4, [U]); off unless asked for. */
  emitNextLink: boolean;
  /** Real Epicor wants %20 (reference section 4); by default a '+' stays a literal plus. */
  plusAsSpace: boolean;
}

/**
 * Splits the raw query string itself rather than through URLSearchParams, because URLSearchParams
 * turns '+' into a space and the simulator must not be kinder than the server about encoding.
 */
export function parseRawQuery(url: string, plusAsSpace: boolean): Map<string, string> {
  const q = url.indexOf('?');
  const params = new Map<string, string>();
  if (q < 0) return params;
  for (const pair of url.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const name = decode(rawName, plusAsSpace);
    if (params.has(name)) throw badRequest(`Query option '${name}' was specified more than once, but it must be specified at most once.`);
    params.set(name, decode(rawValue, plusAsSpace));
  }
  return params;
}

function decode(raw: string, plusAsSpace: boolean): string {
  try {
    return decodeURIComponent(plusAsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    throw badRequest(`The query string is not correctly percent-encoded: '${raw}'.`);
  }
}

const SUPPORTED = new Set(['$filter', '$select', '$orderby', '$top', '$skip', '$count', '$expand']);

export interface EntitySetQuery {
  rows: Row[];
  schema: Schema;
  /** `Erp.Tablesets.PartRow`: the real server names the type in its "Could not find a property" errors. */
  typeName: string;
  keys: string[];
  /** Navigation properties usable in $expand. */
  expand?: Record<string, (parent: Row) => Row[]>;
}

export interface QueryResult {
  value: Row[];
  count?: number;
  /** Set when the page cap cut the result and emitNextLink is on: the next page's $skip and $top. */
  next?: { skip: number; top?: number };
}

const nonNegativeInt = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw badRequest(`Invalid value '${v}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`);
  return Number(v);
};

export function runQuery(set: EntitySetQuery, params: Map<string, string>, opts: QueryOptions): QueryResult {
  for (const name of params.keys()) {
    // $-options are case-sensitive in Epicor's OData (reference section 2); '$Filter' is not '$filter'.
    if (name.startsWith('$') && !SUPPORTED.has(name)) throw badRequest(`The query parameter '${name}' is not supported.`);
  }
  const top = nonNegativeInt('$top', params.get('$top'));
  const skip = nonNegativeInt('$skip', params.get('$skip')) ?? 0;
  const countParam = params.get('$count');
  if (countParam !== undefined && countParam !== 'true' && countParam !== 'false')
    throw badRequest(`'${countParam}' is not a valid count option.`);

  let rows = set.rows;
  const filter = params.get('$filter');
  if (filter !== undefined) {
    if (!filter.trim()) throw badRequest('The $filter query option cannot be empty.');
    const test = compileFilter(filter, set.schema, opts, set.typeName);
    rows = rows.filter(test);
  }
  const total = rows.length;
  const limit = top === undefined ? opts.pageCap : Math.min(top, opts.pageCap);
  const page = orderedSlice(rows, sortKeys(params.get('$orderby'), set), skip, skip + limit);
  let next: QueryResult['next'];
  if (opts.emitNextLink && (top === undefined || top > opts.pageCap) && total > skip + limit)
    next = { skip: skip + limit, top: top === undefined ? undefined : top - limit };

  const select = parseSelect(params.get('$select'), set);
  const expand = parseExpand(params.get('$expand'), set);
  const value = page.map((row) => {
    const out: Row = {};
    // Every row of the real type has every column; the sim stores fewer, so a selected one it lacks reads as its default.
    for (const f of select ?? Object.keys(row)) out[f] = f in row ? row[f] : defaultOf(set.schema[f]);
    for (const [name, children] of expand) out[name] = children(row);
    return out;
  });
  return { value, count: countParam === 'true' ? total : undefined, next };
}

function parseSelect(text: string | undefined, set: EntitySetQuery): string[] | undefined {
  if (text === undefined || text.trim() === '*') return undefined;
  const fields = text.split(',').map((f) => f.trim());
  for (const f of fields) {
    if (!set.schema[f]) throw badRequest(`Could not find a property named '${f}' on type '${set.typeName}'.`);
  }
  return fields;
}

const defaultOf = (type: string | undefined): unknown =>
  type === 'string' ? '' : type === 'bool' ? false : type === 'int' || type === 'decimal' ? 0 : null;

function parseExpand(text: string | undefined, set: EntitySetQuery): [string, (row: Row) => Row[]][] {
  if (text === undefined) return [];
  return text.split(',').map((raw) => {
    const name = raw.trim();
    const nav = set.expand?.[name];
    if (!nav) throw badRequest(`Could not find a navigation property named '${name}' ($expand).`);
    return [name, nav];
  });
}

type SortKey = [field: string, type: string | undefined, dir: number];

function sortKeys(orderby: string | undefined, set: EntitySetQuery): SortKey[] {
  // Without $orderby the server returns rows in primary-key order (clustered index).
  const keys: [string, number][] =
    orderby === undefined
      ? set.keys.map((k) => [k, 1])
      : orderby.split(',').map((part) => {
          const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/.exec(part);
          if (!m) throw badRequest(`Syntax error in $orderby '${orderby}'.`);
          if (!set.schema[m[1]]) throw badRequest(`Could not find a property named '${m[1]}' on type '${set.typeName}'.`);
          return [m[1], m[2] === 'desc' ? -1 : 1];
        });
  return keys.map(([field, dir]) => [field, set.schema[field], dir]);
}

/** A row with its first sort key read once and its position, so the order is the stable sort's. */
interface Keyed {
  row: Row;
  at: number;
  first: unknown;
}

/**
 * rows sorted by `keys` (a stable sort), sliced [from, to). A page is selected without sorting the whole
 * result: the first key of each row is computed once, and only rows that can still make the page are kept,
 * so a page of 100 out of 100,000 rows costs one pass rather than a full sort per request.
 */
function orderedSlice(rows: Row[], keys: SortKey[], from: number, to: number): Row[] {
  if (to <= from || !rows.length) return [];
  const [field0, type0, dir0] = keys[0] ?? ['', undefined, 1];
  const compare = (a: Keyed, b: Keyed): number => {
    if (keys.length) {
      const c = compareKeys(type0, a.first, b.first);
      if (c !== 0) return c * dir0;
      for (let i = 1; i < keys.length; i++) {
        const [field, type, dir] = keys[i];
        const d = compareKeys(type, sortKey(type, a.row[field]), sortKey(type, b.row[field]));
        if (d !== 0) return d * dir;
      }
    }
    return a.at - b.at;
  };
  const keyed = (row: Row, at: number): Keyed => ({ row, at, first: keys.length ? sortKey(type0, row[field0]) : undefined });
  if (to * 4 >= rows.length) return rows.map(keyed).sort(compare).slice(from, to).map((k) => k.row);
  // Keep the `to` smallest rows seen so far: a buffer trimmed back to `to` whenever it doubles.
  let kept: Keyed[] = [];
  let worst: Keyed | undefined;
  for (let i = 0; i < rows.length; i++) {
    const k = keyed(rows[i], i);
    if (worst && compare(k, worst) >= 0) continue;
    kept.push(k);
    if (kept.length >= 2 * to) {
      kept = kept.sort(compare).slice(0, to);
      worst = kept[to - 1];
    }
  }
  return kept.sort(compare).slice(from, to).map((k) => k.row);
}

/** A value as it sorts: numbers exact, datetimes as instants, text case-insensitively; null stays null. */
function sortKey(type: string | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'int':
    case 'decimal':
      return toNum(v);
    case 'datetime':
      return instantOf(String(v));
    case 'bool':
      return Number(v);
    default:
      return String(v).toLowerCase();
  }
}

function compareKeys(type: string | undefined, a: unknown, b: unknown): number {
  if (a === null || b === null) return a === null && b === null ? 0 : a === null ? -1 : 1; // SQL sorts NULL first ascending
  switch (type) {
    case 'int':
    case 'decimal':
      return numCmp(a as Num, b as Num);
    case 'datetime':
    case 'bool': {
      const c = (a as number) - (b as number);
      return Number.isNaN(c) ? 0 : c; // an unreadable datetime sorts as a tie, as Array.sort treats NaN
    }
    default:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  }
}

/** Rebuilds a query string with %20 encoding, for @odata.nextLink. */
export function buildQuery(params: Map<string, string>): string {
  return [...params].map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(v)}`).join('&');
}
