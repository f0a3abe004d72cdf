import { WooError } from './errors';
import type { Http, Query } from './http';

export const PER_PAGE = 100; // WooCommerce's maximum; more is a 400 rest_invalid_param (ref §3.1)

/**
 * Walks a collection page by page. WooCommerce says whether there is more through `X-WP-TotalPages` and a
 * `Link: <...>; rel="next"` header (ref §3.1). The Link URL itself is not followed: it echoes the request's
 * query, which with query-string auth or OAuth 1.0a holds the credentials and a one-time nonce, and its scheme
 * follows WordPress's view (https behind a TLS proxy). The next request is built afresh with `page + 1`.
 */
export async function* pages<T>(http: Http, path: string, query: Query = {}): AsyncIterable<T[]> {
  const perPage = Number(query.per_page ?? PER_PAGE);
  for (let page = Number(query.page ?? 1); ; page++) {
    const res = await http.request<T[]>('GET', path, { query: { ...query, per_page: perPage, page } });
    const items = Array.isArray(res.body) ? res.body : [];
    if (items.length > 0) yield items;
    if (!hasNextPage(res.headers, page, items.length, perPage)) return;
    assertSameHost(res.headers.link, http.root, path);
  }
}

export function hasNextPage(headers: Record<string, string>, page: number, count: number, perPage: number): boolean {
  if (count === 0) return false;
  if (hasNextLink(headers.link)) return true;
  const totalPages = Number(headers['x-wp-totalpages']);
  if (headers['x-wp-totalpages'] !== undefined && Number.isFinite(totalPages)) return page < totalPages;
  if (headers.link !== undefined) return false;
  // Neither header (a cache or proxy dropped them): a full page may have a successor.
  return count >= perPage;
}

/**
 * The Link URL is not followed, but one naming another host means the answer came from somewhere other than the
 * store WOO_BASE_URL names (a redirecting proxy, a copied site): stop rather than keep sending it credentials.
 * Only the host is compared: behind a TLS terminator WordPress reports its public scheme and port.
 */
export function assertSameHost(link: string | undefined, root: URL, path: string): void {
  const next = nextLinkUrl(link);
  if (!next) return;
  let host: string;
  try {
    host = new URL(next, root).hostname;
  } catch {
    return; // an unparseable link says nothing about where it points; the page number decides
  }
  if (host === root.hostname) return;
  throw new WooError({
    message: `WooCommerce GET ${path} answered with a next-page link to ${host}, not ${root.hostname}: set WOO_BASE_URL to the store's own address (WordPress Site Address)`,
    category: 'validation',
    retryable: false,
  });
}

function nextLinkUrl(link: string | undefined): string | undefined {
  for (const part of link?.split(/,(?=\s*<)/) ?? []) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(part)?.[1];
    if (rel && rel.toLowerCase().split(/\s+/).includes('next')) return /<([^>]*)>/.exec(part)?.[1];
  }
  return undefined;
}

export function hasNextLink(link: string | undefined): boolean {
  if (!link) return false;
  return link.split(',').some((part) => {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(part)?.[1];
    return !!rel && rel.toLowerCase().split(/\s+/).includes('next');
  });
}

export async function collect<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of source) all.push(...page);
  return all;
}

/**
 * `YYYY-MM-DDTHH:MM:SS` in UTC: the format WooCommerce compares against `*_gmt` columns when
 * `dates_are_gmt=true` (ref §3.1). Milliseconds are dropped: the columns have 1 s resolution.
 */
export function formatGmt(date: Date): string {
  return date.toISOString().slice(0, 19);
}
