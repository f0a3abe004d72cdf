import { Dec, decCmp } from './decimal';
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
  rows = [...rows].sort(comparator(params.get('$orderby'), set));
  const total = rows.length;

  const limit = top === undefined ? opts.pageCap : Math.min(top, opts.pageCap);
  const page = rows.slice(skip, skip + limit);
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

function comparator(orderby: string | undefined, set: EntitySetQuery): (a: Row, b: Row) => number {
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
  return (a, b) => {
    for (const [field, dir] of keys) {
      const c = compareValues(set.schema[field], a[field], b[field]);
      if (c !== 0) return c * dir;
    }
    return 0;
  };
}

function compareValues(type: string | undefined, a: unknown, b: unknown): number {
  const nullA = a === null || a === undefined;
  const nullB = b === null || b === undefined;
  if (nullA || nullB) return nullA && nullB ? 0 : nullA ? -1 : 1; // SQL sorts NULL first ascending
  switch (type) {
    case 'int':
    case 'decimal':
      return decCmp(a instanceof Dec ? a : new Dec(String(a)), b instanceof Dec ? b : new Dec(String(b)));
    case 'datetime':
      return instantOf(String(a)) - instantOf(String(b));
    case 'bool':
      return Number(a) - Number(b);
    default: {
      const x = String(a).toLowerCase();
      const y = String(b).toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

/** Rebuilds a query string with %20 encoding, for @odata.nextLink. */
export function buildQuery(params: Map<string, string>): string {
  return [...params].map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(v)}`).join('&');
}
