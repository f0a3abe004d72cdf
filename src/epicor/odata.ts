/**
 * OData v4 query building for Epicor v2 (reference §4). Values are only ever rendered through `literal`,
 * field names must be plain identifiers, so no caller value can change the shape of a `$filter`.
 */
declare const rendered: unique symbol;
/** A rendered filter expression; only `f` makes one. */
export type ODataFilter = string & { readonly [rendered]: true };

export type ODataValue = string | number | bigint | boolean | Date | null;

export interface ODataQuery {
  filter?: ODataFilter;
  select?: string[];
  /** Field names, optionally followed by ` asc` / ` desc`. */
  orderBy?: string[];
  top?: number;
  skip?: number;
  /** `$count=true`; Epicor support is unconfirmed (reference §4), the client does not rely on it. */
  count?: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Accepts `Field` or a navigation path `OrderDtls/OrderLine`; anything else is a programming error. */
export function field(name: string): string {
  if (!IDENTIFIER.test(name)) throw new TypeError(`Not an OData field name: ${JSON.stringify(name)}`);
  return name;
}

/**
 * Renders one value as an OData literal: strings single-quoted with `'` doubled; numbers and bigint
 * as plain digits; Date as unquoted ISO 8601 with `Z` (v2 form, reference §4: "Epicor requires timezone offset").
 */
export function literal(value: ODataValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return `'${value.replace(/'/g, "''")}'`;
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Not a finite number for OData: ${value}`);
      // Plain digits: toString() would give 1e+21 for large values and 1e-7 for small ones.
      return Number.isInteger(value) ? BigInt(value).toString() : value.toString();
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('Invalid Date for OData');
    return value.toISOString().replace('.000Z', 'Z');
  }
  throw new TypeError(`Unsupported OData literal: ${typeof value}`);
}

const expr = (text: string) => text as ODataFilter;
const compare = (op: string) => (name: string, value: ODataValue) => expr(`${field(name)} ${op} ${literal(value)}`);
const join = (op: 'and' | 'or') => (...parts: (ODataFilter | undefined | false)[]) => {
  const kept = parts.filter((p): p is ODataFilter => typeof p === 'string' && p.length > 0);
  if (kept.length === 0) throw new TypeError(`f.${op} needs at least one expression`);
  return expr(kept.length === 1 ? kept[0] : kept.map((p) => `(${p})`).join(` ${op} `));
};
const call = (fn: string) => (name: string, value: string) => expr(`${fn}(${field(name)},${literal(value)})`);

/** Filter builder: `f.and(f.gt('SysRevID', 10n), f.eq('PartNum', "O'Brien"))`. */
export const f = {
  eq: compare('eq'),
  ne: compare('ne'),
  gt: compare('gt'),
  ge: compare('ge'),
  lt: compare('lt'),
  le: compare('le'),
  /** Empty/false parts are dropped, so optional conditions read naturally. */
  and: join('and'),
  or: join('or'),
  not: (e: ODataFilter) => expr(`not (${e})`),
  /** `Field eq a or Field eq b`: `in` is OData 4.01, which Epicor is not known to support. */
  in: (name: string, values: ODataValue[]) => {
    if (values.length === 0) throw new TypeError('f.in needs at least one value');
    return join('or')(...values.map((v) => compare('eq')(name, v)));
  },
  startsWith: call('startswith'),
  contains: call('contains'),
};

/** `encodeURIComponent` everywhere: spaces become %20, never `+` (reference §4/§11). */
export function queryString(q: ODataQuery = {}): string {
  const params: string[] = [];
  const add = (name: string, value: string) => params.push(`${name}=${encodeURIComponent(value)}`);
  if (q.filter) add('$filter', q.filter);
  if (q.select?.length) add('$select', q.select.map(field).join(','));
  if (q.orderBy?.length) add('$orderby', q.orderBy.map(orderTerm).join(','));
  if (q.top !== undefined) add('$top', String(nonNegativeInt(q.top, 'top')));
  if (q.skip !== undefined) add('$skip', String(nonNegativeInt(q.skip, 'skip')));
  if (q.count) add('$count', 'true');
  return params.join('&');
}

/** Query parameters for GET-style BO methods (`GetByID?orderNum=5`). */
export function methodParams(params: Record<string, string | number>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** `Parts('EPIC06','O''Brien')`: literals are encoded, the OData punctuation stays readable. */
export function keyPath(entitySet: string, key: (string | number)[]): string {
  return `${entitySet}(${key.map((k) => encodeURIComponent(literal(k))).join(',')})`;
}

function orderTerm(term: string): string {
  const [name, direction, ...rest] = term.trim().split(/\s+/);
  if (rest.length || (direction && !/^(asc|desc)$/i.test(direction))) throw new TypeError(`Bad $orderby term: ${term}`);
  return direction ? `${field(name)} ${direction.toLowerCase()}` : field(name);
}

/** Adds the entity key to `$orderby` so `$skip` paging never repeats or skips rows on ties. */
export function stableOrderBy(orderBy: string[] | undefined, key: string[]): string[] {
  const terms = [...(orderBy ?? [])];
  const named = new Set(terms.map((t) => t.trim().split(/\s+/)[0]));
  for (const k of key) if (!named.has(k)) terms.push(k);
  return terms;
}

function nonNegativeInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`$${what} must be a non-negative integer, got ${n}`);
  return n;
}
