import type { EpicorClient } from './client';
import { isEpicorError } from './errors';
import { f, type ODataFilter, type ODataValue } from './odata';
import {
  METHOD_TOUCH_POINTS,
  PART_SVC,
  SET_TOUCH_POINTS,
  knownColumns,
  type ColumnType,
  type MethodTouchPoint,
  type ParamType,
  type SetTouchPoint,
} from './touch-points';

/**
 * Read-only probes of every Epicor touch point on the user's own Epicor, one line each: the connector's
 * calls are checked against one real schema in the tests, but a tenant can differ (version, BPMs, access).
 * Nothing here can save: reads, filters that match nothing, and method calls that leave out one required
 * parameter, which the server refuses before it runs anything.
 */
export interface TouchPointCheck {
  check: string;
  ok: boolean;
  reason: string;
}

const short = (service: string) => service.replace(/^Erp\.BO\./, '');
const setCheck = (t: SetTouchPoint) => `Reads ${short(t.service)}/${t.set}`;
const methodCheck = (t: MethodTouchPoint) => `Method ${short(t.service)}/${t.method}`;
const TRACKED = SET_TOUCH_POINTS.filter((t) => 'SysRevID' in t.filter);
const trackingCheck = (t: SetTouchPoint) => `SysRevID filter and order on ${t.set}`;
const PAGE_CHECK = 'Page size within the server cap';

/** Every check name, in order: the caller marks them skipped when an earlier check (auth, company) failed. */
export const TOUCH_POINT_CHECKS: string[] = [
  ...SET_TOUCH_POINTS.map(setCheck),
  ...TRACKED.map(trackingCheck),
  PAGE_CHECK,
  ...METHOD_TOUCH_POINTS.map(methodCheck),
];

/** A value of the column's type that no row has: the filter's names and types are checked, no data comes back. */
const impossible: Record<ColumnType, ODataValue> = { string: '~connector-ping~', number: -1, boolean: false, date: new Date('1900-01-01T00:00:00Z') };
const dummy: Record<ParamType, unknown> = { string: '', number: 0, boolean: false, tableset: {} };

export async function touchPointChecks(epicor: EpicorClient, pageSize: number): Promise<TouchPointCheck[]> {
  const out: TouchPointCheck[] = [];
  for (const t of SET_TOUCH_POINTS) out.push(await probeSet(epicor, t));
  for (const t of TRACKED) out.push(await probeTracking(epicor, t));
  out.push(await probePageCap(epicor, pageSize));
  for (const t of METHOD_TOUCH_POINTS) out.push(await probeMethod(epicor, t));
  return out;
}

/** One GET naming every column the connector uses on the set: in $select, an impossible $filter and $orderby. */
async function probeSet(epicor: EpicorClient, t: SetTouchPoint): Promise<TouchPointCheck> {
  const check = setCheck(t);
  const select = [...knownColumns(t)];
  const filters = Object.entries(t.filter).map(([column, type]) => f.eq(column, impossible[type]));
  const filter: ODataFilter | undefined = filters.length ? f.and(...filters) : undefined;
  try {
    await epicor.query(t.service, t.set, { select, filter, orderBy: t.orderBy.length ? t.orderBy : undefined, top: 1 });
    return { check, ok: true, reason: `Epicor knows every column the connector uses (${select.length} selected, ${filters.length} filtered, ${t.orderBy.length} ordered by)` };
  } catch (err) {
    return { check, ok: false, reason: `${describe(err)}; ${advice(err, `${t.service}/${t.set}`)}` };
  }
}

/**
 * The sync's cursor: rows after the newest SysRevID must be none (an ignored filter would re-read the whole
 * table every cycle), and rows must come back in SysRevID order (an ignored $orderby would lose changes).
 */
async function probeTracking(epicor: EpicorClient, t: SetTouchPoint): Promise<TouchPointCheck> {
  const check = trackingCheck(t);
  const fix = 'the sync relies on both; report this with your Epicor version (parts can use SYNC_PART_CURSOR=ChangedOn meanwhile)';
  try {
    const rev = (r: Record<string, unknown>) => BigInt(String(r.SysRevID));
    const newest = await epicor.query<Record<string, unknown>>(t.service, t.set, { select: ['SysRevID'], orderBy: ['SysRevID desc'], top: 1 });
    if (!newest.length) return { check, ok: true, reason: `no ${t.set} rows yet, nothing to check against` };
    const max = rev(newest[0]);
    const after = await epicor.query<Record<string, unknown>>(t.service, t.set, { select: ['SysRevID'], filter: f.gt('SysRevID', max), top: 5 });
    if (after.some((r) => rev(r) <= max)) return { check, ok: false, reason: `$filter=SysRevID gt ${max} returned older rows: Epicor ignored the filter; ${fix}` };
    const first = await epicor.query<Record<string, unknown>>(t.service, t.set, { select: ['SysRevID'], orderBy: ['SysRevID'], top: 20 });
    const sorted = first.every((r, i) => i === 0 || rev(first[i - 1]) <= rev(r));
    if (!sorted) return { check, ok: false, reason: `$orderby=SysRevID returned rows out of order: Epicor ignored the order; ${fix}` };
    return { check, ok: true, reason: `newest SysRevID ${max}; a filter after it returned ${after.length} rows; ${first.length} rows came back in order` };
  } catch (err) {
    return { check, ok: false, reason: `${describe(err)}; ${advice(err, `${t.service}/${t.set}`)}` };
  }
}

/** A capped page looks like the last one: ask for EPICOR_PAGE_SIZE parts, and if fewer came, whether more exist. */
async function probePageCap(epicor: EpicorClient, pageSize: number): Promise<TouchPointCheck> {
  try {
    const page = await epicor.query(PART_SVC, 'Parts', { select: ['PartNum'], orderBy: ['PartNum'], top: pageSize });
    if (page.length >= pageSize) return { check: PAGE_CHECK, ok: true, reason: `a full page of ${pageSize} parts came back for $top=${pageSize} (EPICOR_PAGE_SIZE)` };
    const beyond = await epicor.query(PART_SVC, 'Parts', { select: ['PartNum'], orderBy: ['PartNum'], top: 1, skip: page.length });
    if (beyond.length) {
      return {
        check: PAGE_CHECK,
        ok: false,
        reason: `Epicor returned ${page.length} parts for $top=${pageSize} although more exist: it caps pages at ${page.length}; set EPICOR_PAGE_SIZE=${page.length} or lower`,
      };
    }
    return { check: PAGE_CHECK, ok: true, reason: `only ${page.length} parts exist, fewer than EPICOR_PAGE_SIZE=${pageSize}: no cap seen (run again once there are more)` };
  } catch (err) {
    return { check: PAGE_CHECK, ok: false, reason: `${describe(err)}; ${advice(err, `${PART_SVC}/Parts`)}` };
  }
}

/**
 * Sends every parameter but the last: the server must refuse with "Parameter <last> is not found", which proves
 * the method exists and (signature order) that every other parameter the connector sends has the right name.
 * The values refer to nothing (order 0, RMA 0), so even a server that ran the call could not save anything.
 */
async function probeMethod(epicor: EpicorClient, t: MethodTouchPoint): Promise<TouchPointCheck> {
  const check = methodCheck(t);
  const names = Object.keys(t.params);
  const last = names[names.length - 1];
  const sent = Object.fromEntries(names.slice(0, -1).map((n) => [n, dummy[t.params[n]]]));
  try {
    if (t.verb === 'GET') await epicor.callGet(t.service, t.method, sent as Record<string, string | number>);
    else await epicor.call(t.service, t.method, sent);
    return { check, ok: false, reason: `answered without parameter ${last}, so its parameters could not be proven; report this with your Epicor version` };
  } catch (err) {
    const wanted = isEpicorError(err) ? /Parameter (\S+) is not found in the input object/.exec(err.message)?.[1] : undefined;
    if (wanted === last) return { check, ok: true, reason: `exists and takes the ${names.length} parameter${names.length === 1 ? '' : 's'} the connector sends (probe left out ${last}; nothing saved)` };
    if (wanted) {
      return { check, ok: false, reason: `Epicor wants parameter ${wanted}, which the connector does not send as named: this Epicor differs from the schema the connector was built against; report it` };
    }
    return { check, ok: false, reason: `${describe(err)}; ${advice(err, `${t.service}/${t.method}`)}` };
  }
}

function describe(err: unknown): string {
  return isEpicorError(err) ? err.message : `unexpected ${err instanceof Error ? err.name : typeof err}`;
}

/** What the operator can do about a failed probe. */
function advice(err: unknown, what: string): string {
  const status = isEpicorError(err) ? err.status : undefined;
  if (status === 401 || status === 403) return `give the integration user access to ${what} in Epicor security`;
  if (status === 404) return `${what} is missing on this Epicor or hidden from the integration user: check its security and version`;
  if (status === 400) return 'Epicor does not know a name the connector uses: report this line with your Epicor version';
  return 'Epicor could not answer; run the ping again, and check the server if it persists';
}
