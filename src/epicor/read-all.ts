import type { EpicorClient, PagesQuery } from './client';

/**
 * Every row a query matches, page by page to the end. A single `$top=1000` request is not enough: Epicor caps
 * pages (100 rows by default, reference §4) and a capped answer looks like a complete one.
 */
export async function readAll<T = Record<string, unknown>>(epicor: EpicorClient, service: string, entitySet: string, q: PagesQuery): Promise<T[]> {
  const rows: T[] = [];
  for await (const page of epicor.pages<T>(service, entitySet, q)) rows.push(...page);
  return rows;
}
