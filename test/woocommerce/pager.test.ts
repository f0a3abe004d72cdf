import { createWooClient } from '../../src/woocommerce';
import { formatGmt, hasNextLink, hasNextPage } from '../../src/woocommerce/pager';
import { captureServer } from '../epicor/capture-server';
import { fixtureJson } from '../helpers/fixtures';

describe('hasNextPage', () => {
  it('follows rel="next" in Link', () => {
    const link = '<https://shop.test/wp-json/wc/v3/orders?per_page=1&page=2>; rel="next"';
    expect(hasNextPage({ link }, 1, 1, 1)).toBe(true);
  });

  it('stops on the last page (only rel="prev")', () => {
    const link = '<https://shop.test/wp-json/wc/v3/orders?page=2>; rel="prev"';
    expect(hasNextPage({ link, 'x-wp-totalpages': '3' }, 3, 10, 100)).toBe(false);
  });

  it('uses X-WP-TotalPages when Link is missing', () => {
    expect(hasNextPage({ 'x-wp-totalpages': '3' }, 2, 100, 100)).toBe(true);
    expect(hasNextPage({ 'x-wp-totalpages': '3' }, 3, 100, 100)).toBe(false);
  });

  it('without headers, continues only after a full page', () => {
    expect(hasNextPage({}, 1, 100, 100)).toBe(true);
    expect(hasNextPage({}, 1, 99, 100)).toBe(false);
  });

  it('stops on an empty page whatever the headers say', () => {
    expect(hasNextPage({ 'x-wp-totalpages': '9' }, 1, 0, 100)).toBe(false);
  });

  it('finds next among several relations and with commas in the URL', () => {
    expect(hasNextLink('<https://s/?sku=A,B&page=1>; rel="prev", <https://s/?sku=A,B&page=3>; rel="next"')).toBe(true);
    expect(hasNextLink('<https://s/?page=1>; rel=prev')).toBe(false);
  });

  it('reads the headers of the real captured list page', () => {
    const captured = fixtureJson('rest_orders_list_page1_per_page1.json');
    const headers = Object.fromEntries(Object.entries(captured.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    // The capture lost its headers (README says they were there); a full page still means "ask for more".
    expect(hasNextPage(headers, 1, JSON.parse(captured.body).length, 1)).toBe(true);
  });
});

describe('formatGmt', () => {
  it('writes UTC as YYYY-MM-DDTHH:MM:SS without zone or milliseconds', () => {
    expect(formatGmt(new Date('2026-03-02T14:05:11.987+01:00'))).toBe('2026-03-02T13:05:11');
  });
});

describe('next-page links to another host', () => {
  const config = (baseUrl: string) => ({ baseUrl, consumerKey: 'ck_test', consumerSecret: 'cs_test', webhookSecret: 'x', auth: 'query' as const, timeoutMs: 5_000 });
  const page = (next: string) => ({ status: 200, body: '[{"id":1}]', headers: { link: `<${next}>; rel="next"`, 'x-wp-totalpages': '2' } });

  it('stop paging with an error that names the other host, and nothing is sent there', async () => {
    const store = await captureServer();
    store.answer((req) => (req.url.includes('page=2') ? { status: 200, body: '[]' } : page('https://copy-of-the-shop.example/wp-json/wc/v3/orders?page=2')));
    const woo = createWooClient(config(store.origin));
    try {
      const got: unknown[] = [];
      await expect(
        (async () => {
          for await (const p of woo.pages('/orders')) got.push(...p);
        })(),
      ).rejects.toMatchObject({ message: expect.stringContaining('next-page link to copy-of-the-shop.example'), retryable: false });
      expect(store.requests).toHaveLength(1);
      expect(got).toHaveLength(1);
    } finally {
      await woo.close();
      await store.close();
    }
  });

  it('are fine when only the scheme differs (WordPress behind a TLS terminator)', async () => {
    const store = await captureServer();
    store.answer((req) => (req.url.includes('page=2') ? { status: 200, body: '[{"id":2}]', headers: { 'x-wp-totalpages': '2' } } : page('https://127.0.0.1/wp-json/wc/v3/orders?page=2')));
    const woo = createWooClient(config(store.origin));
    try {
      const ids: number[] = [];
      for await (const p of woo.pages<{ id: number }>('/orders')) ids.push(...p.map((o) => o.id));
      expect(ids).toEqual([1, 2]);
    } finally {
      await woo.close();
      await store.close();
    }
  });
});
