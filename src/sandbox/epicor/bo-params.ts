import { type Dec, toDec } from './decimal';
import { badRequest, bl } from './errors';
import type { Row } from './schema';

/** A business object's tableset as method calls carry it: an object of table arrays. */
export type Ds = Record<string, Row[]>;

/** Reads `ds`; the generated Swagger types it as an array, the real server wants an object (reference §2). */
export function readDs(input: Row, tables: readonly string[]): Ds {
  const raw = input.ds;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest("Parameter 'ds' must be an object of table arrays.");
  const ds: Ds = {};
  for (const [table, rows] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(rows)) throw badRequest(`ds.${table} must be an array.`);
    ds[table] = rows as Row[];
  }
  for (const t of tables) ds[t] ??= [];
  return ds;
}

export function intParam(input: Row, name: string): number {
  const v = input[name];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw badRequest(`Parameter '${name}' is required and must be an integer.`);
  return n;
}

/** A decimal column's value, exactly; garbage is a business error on that field, as Epicor reports it. */
export function dec(value: unknown, table: string, field: string): Dec {
  const d = toDec(value ?? 0);
  if (!d) throw bl(`Invalid value '${String(value)}' for ${field}.`, table, field);
  return d;
}

/** Optimistic concurrency: a ds read before someone else's change is refused, as Epicor does. */
export function checkRevision(stored: Row, incoming: Row, table: string): void {
  if (incoming.SysRevID !== undefined && String(incoming.SysRevID) !== String(stored.SysRevID))
    throw bl("Row has been modified by another user and couldn't be updated.", table, 'SysRevID');
}
