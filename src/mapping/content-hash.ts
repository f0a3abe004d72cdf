import { createHash } from 'node:crypto';

/**
 * Where the hash of the last written mapped fields lives on a WooCommerce product or customer. The next cycle
 * reads it back with the record it already fetched to find the Woo id, so an unchanged row costs no write.
 */
export const SYNC_HASH_META_KEY = '_epicor_sync_hash';

/** JSON with object keys sorted at every level, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** A short, stable fingerprint of mapped fields (sha256, 16 hex chars: collisions are irrelevant at catalog sizes). */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

/** The stored hash of a Woo record, if it has one. */
export function storedHash(record: { meta_data?: { key: string; value?: unknown }[] } | undefined): string | undefined {
  const meta = record?.meta_data?.find((m) => m.key === SYNC_HASH_META_KEY);
  return typeof meta?.value === 'string' ? meta.value : undefined;
}
