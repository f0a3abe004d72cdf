/**
 * `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Both clients expose it as
 * `retryAfterMs` so activities can hand it to Temporal as the next retry delay.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
