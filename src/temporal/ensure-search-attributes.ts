import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { searchAttributeKeys } from './search-attributes';

/**
 * Registers the connector's search attributes in the configured namespace if they are missing. Starting an
 * order workflow with an unknown search attribute fails, so without this every webhook would answer 503 on a
 * namespace other than the dev server's `default`. Throws a plain instruction when the server refuses
 * (Temporal Cloud registers them through its own UI or tcld).
 */
export async function ensureSearchAttributes(client: Client, namespace: string): Promise<string[]> {
  const operator = client.connection.operatorService;
  try {
    const { customAttributes } = await operator.listSearchAttributes({ namespace });
    const missing = searchAttributeKeys.filter((key) => !(key.name in (customAttributes ?? {})));
    if (missing.length === 0) return [];
    await operator.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
    });
    return missing.map((key) => key.name);
  } catch (err) {
    const names = searchAttributeKeys.map((k) => `${k.name} (Keyword)`).join(', ');
    throw new Error(`could not register search attributes ${names} in namespace ${namespace}: ${(err as Error).message}. Register them with \`temporal operator search-attribute create\` or, on Temporal Cloud, in its UI.`);
  }
}
