/**
 * WordPress dates: `YYYY-MM-DDTHH:MM:SS` without a zone, site-local, plus a `*_gmt` twin (reference 3.1).
 * Times are kept as unix seconds: WordPress stores second resolution, which matters for strict
 * `modified_after` bounds.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatGmt(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19);
}

export function formatLocal(seconds: number, timeZone: string): string {
  if (timeZone === 'UTC') return formatGmt(seconds);
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(seconds * 1000)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** Same check as core rest_parse_date() for `format: date-time` parameters. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function isRestDate(value: string): boolean {
  return RFC3339.test(value);
}

/**
 * What WP_Date_Query compares for a `modified_after`-style value: a zone-less value is taken literally
 * against the column (site-local, or GMT with dates_are_gmt=true); a value with a zone is converted to the
 * SITE timezone first (build_mysql_datetime -> date_create(..., wp_timezone())), even when the column is GMT.
 * Returned in the same `YYYY-MM-DDTHH:MM:SS` form as the columns so strings compare.
 */
export function dateQueryValue(value: string, timeZone: string): string {
  const m = RFC3339.exec(value)!;
  const wall = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  if (!m[8]) return wall;
  const zone = m[8].toUpperCase() === 'Z' ? 'Z' : m[8].length === 3 ? `${m[8]}:00` : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  return formatLocal(Math.floor(Date.parse(`${wall}${zone}`) / 1000), timeZone);
}
