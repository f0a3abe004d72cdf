import { intInRange, type Params } from './params';

/**
 * Collection paging as WC_REST_CRUD_Controller::get_items(): `X-WP-Total`, `X-WP-TotalPages` and a `Link`
 * header with only rel="prev"/rel="next" (reference 3.1: docs mention first/last, no code emits them).
 * Links repeat the request's own query string (credentials in the query included, as add_query_arg() does).
 */
export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export function pageParams(p: Params): { page: number; perPage: number; offset?: number } {
  const perPage = intInRange(p, 'per_page', 10, 1, 100);
  const page = intInRange(p, 'page', 1, 1);
  const offset = p.offset !== undefined && p.offset !== '' ? intInRange(p, 'offset', 0, 0) : undefined;
  return { page, perPage, offset };
}

export function paginate<T>(all: T[], p: Params, collectionUrl: string, query: URLSearchParams): Page<T> {
  const { page, perPage, offset } = pageParams(p);
  const start = offset !== undefined ? offset : (page - 1) * perPage;
  const items = all.slice(start, start + perPage);
  const total = all.length;
  const maxPages = Math.ceil(total / perPage);
  const headers: Record<string, string> = { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(maxPages) };
  const link = (n: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(n));
    return `${collectionUrl}?${q.toString()}`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${link(Math.min(page - 1, Math.max(maxPages, 1)))}>; rel="prev"`);
  if (maxPages > page) links.push(`<${link(page + 1)}>; rel="next"`);
  if (links.length) headers.Link = links.join(', ');
  return { items, headers };
}
