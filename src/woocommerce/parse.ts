import type { ZodType, ZodTypeDef } from 'zod';
import { WooError } from './errors';

/**
 * Validates a response against its schema. A mismatch means the store (a plugin, a new WooCommerce version)
 * answers in a shape we do not understand: permanent until someone looks, so not retryable. The message names
 * the failing fields, not their values.
 */
export function parseAs<T>(schema: ZodType<T, ZodTypeDef, unknown>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new WooError({
    message: `WooCommerce returned ${what} in an unexpected shape (${fields})`,
    category: 'server',
    retryable: false,
    code: 'invalid_response',
  });
}
