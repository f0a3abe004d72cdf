import { invalidParam } from './errors';

/**
 * Schema checks the way core rest_validate_value_from_schema() does them, with its messages. Deliberately as
 * strict as WordPress: a JSON number where the schema says string (prices, refund `amount`) is rejected.
 */
export type Params = Record<string, unknown>;

/** Batch items are passed straight to create_item()/update_item() without schema validation, so a number
 * where a string is expected is accepted there (WC_REST_Controller::batch_items()). */
let lenient = false;

export function withLenientParams<T>(fn: () => T): T {
  lenient = true;
  try {
    return fn();
  } finally {
    lenient = false;
  }
}

export function isBoolLike(v: unknown): boolean {
  if (typeof v === 'boolean') return true;
  if (typeof v === 'string') return ['false', 'true', '0', '1'].includes(v.toLowerCase());
  return v === 0 || v === 1;
}

export function toBool(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && ['true', '1'].includes(v.toLowerCase()));
}

export function isIntLike(v: unknown): boolean {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n);
}

export function optString(p: Params, name: string, path = name): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && lenient) return String(v);
  if (typeof v !== 'string') throw invalidParam(path, `${path} is not of type string.`, 'rest_invalid_type');
  return v;
}

export function optBool(p: Params, name: string, path = name): boolean | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (!isBoolLike(v)) throw invalidParam(path, `${path} is not of type boolean.`, 'rest_invalid_type');
  return toBool(v);
}

export function optInt(p: Params, name: string, path = name): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (!isIntLike(v)) throw invalidParam(path, `${path} is not of type integer.`, 'rest_invalid_type');
  return Number(v);
}

export function optNumber(p: Params, name: string, path = name): string | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean' || !Number.isFinite(Number(v))) {
    throw invalidParam(path, `${path} is not of type number.`, 'rest_invalid_type');
  }
  return String(v);
}

export function optEnum<T extends string>(p: Params, name: string, values: readonly T[], path = name): T | undefined {
  const v = optString(p, name, path);
  if (v === undefined) return undefined;
  if (!values.includes(v as T)) {
    throw invalidParam(path, `${path} is not one of ${values.join(', ')}.`, 'rest_not_in_enum');
  }
  return v as T;
}

/** `page`/`per_page` style bounds, message as in the reference (8.D). */
export function intInRange(p: Params, name: string, def: number, min: number, max?: number): number {
  const v = optInt(p, name) ?? def;
  if (v < min || (max !== undefined && v > max)) {
    const msg =
      max === undefined
        ? `${name} must be greater than or equal to ${min}`
        : `${name} must be between ${min} (inclusive) and ${max} (inclusive)`;
    throw invalidParam(name, msg, 'rest_out_of_bounds');
  }
  return v;
}

/** Array params accept a list or a comma-separated string (wp_parse_list()). */
export function list(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String).map((s) => s.trim()).filter(Boolean);
  return String(v)
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
