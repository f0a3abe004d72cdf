import { request } from 'undici';
import { startWooSimulator } from '../../../src/sandbox/woocommerce';
import { BASIC } from './helpers';

describe('startWooSimulator', () => {
  it('serves on a real port, uses the served origin as site URL and closes cleanly', async () => {
    const running = await startWooSimulator({ port: 0 });
    try {
      expect(running.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(running.sim.siteUrl()).toBe(`${running.baseUrl}/`);
      running.sim.seedProducts([{ name: 'A', sku: 'A-1', regular_price: '1.00' }]);
      const res = await request(`${running.baseUrl}/wp-json/wc/v3/products?sku=A-1`, { headers: { authorization: BASIC } });
      const body = (await res.body.json()) as any[];
      expect(res.statusCode).toBe(200);
      expect(body[0]._links.self[0].href).toBe(`${running.baseUrl}/wp-json/wc/v3/products/${body[0].id}`);
    } finally {
      await running.close();
    }
  });
});
