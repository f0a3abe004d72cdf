import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { alerts, type Alert } from '../../src/alerts/raise-alert';
import type { FaultRule } from '../../src/sandbox/epicor';
import { orderStatusQuery } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, startOrderSims, waitFor, type Sims } from './harness';

let env: TestWorkflowEnvironment;
let sims: Sims;
const raised: Alert[] = [];
const resolved: string[] = [];
const onAlert = (a: Alert) => raised.push(a);
const onResolved = (key: string) => resolved.push(key);

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
  alerts.on('alert', onAlert);
  alerts.on('resolved', onResolved);
});
afterAll(async () => {
  alerts.off('alert', onAlert);
  alerts.off('resolved', onResolved);
  await sims?.close();
  await env?.teardown();
});
beforeEach(() => {
  raised.length = 0;
  resolved.length = 0;
});

/**
 * Epicor refuses the connector while `fault` is on: the order must keep retrying (not park), raise exactly one
 * alert over several attempts, and import once the fault is lifted, closing the incident.
 */
async function refusedThenFixed(fault: FaultRule, over: Record<string, string> = {}, system: 'epicor' | 'woo' = 'epicor') {
  const config = sims.configWith(over);
  const worker = await sims.startWorker(config);
  const faults = system === 'epicor' ? sims.epicor.sim.faults : sims.woo.sim.faults;
  const faultId = faults.add(fault);
  try {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    await sims.notify(o.id, config);
    const handle = sims.handle(o.id);
    await waitFor(
      'a third refused attempt',
      async () => ((await handle.describe()).raw.pendingActivities?.some((a) => (a.attempt ?? 0) >= 3) ? true : undefined),
      30_000,
    );
    expect((await handle.query(orderStatusQuery)).phase).not.toBe('parked');
    expect(raised).toHaveLength(1);

    faults.remove(faultId);
    await handle.result();
    expect(sims.ordersFor(o.poNum)).toHaveLength(1);
    expect(raised).toHaveLength(1);
    expect(resolved).toEqual([raised[0].key]);
    return raised[0];
  } finally {
    faults.remove(faultId);
    await worker.shutdown();
  }
}

describe('refused Epicor credentials', () => {
  it('retry with backoff and raise one alert instead of parking the order (401)', async () => {
    const alert = await refusedThenFixed({ kind: 'status', status: 401, path: '/api/v2/odata/' });
    expect(alert.key).toBe('epicor-auth');
    expect(alert.text).toMatch(/^Epicor refuses the connector's credentials \(Epicor GET .* failed with HTTP 401/);
  });

  it('treat a firewall\'s HTML 403 page on a write the same way, without the page in the alert', async () => {
    const page = '<!DOCTYPE html><html><body><h1>Request blocked</h1><p>Your request was blocked by the web application firewall.</p></body></html>';
    const alert = await refusedThenFixed({ kind: 'status', status: 403, method: 'POST', path: '/MasterUpdate', body: page });
    expect(alert.key).toBe('epicor-auth');
    expect(alert.text).toContain('HTTP 403');
    expect(alert.text).not.toContain('<');
  });

  it('treat an expired password (TokenResource refuses it) the same way', async () => {
    const alert = await refusedThenFixed(
      { kind: 'status', status: 401, method: 'POST', path: '/TokenResource.svc', body: { ErrorMessage: 'The password has expired.' } },
      { EPICOR_AUTH: 'token' },
    );
    expect(alert.key).toBe('epicor-auth');
    expect(alert.text).toContain('expired');
  });
});

describe('refused WooCommerce keys', () => {
  it('retry with backoff and raise one alert instead of parking the order', async () => {
    const alert = await refusedThenFixed({ kind: 'status', status: 401, method: 'GET', path: '^/wp-json/wc/v3/orders/\\d+$' }, {}, 'woo');
    expect(alert.key).toBe('woo-auth');
    expect(alert.text).toMatch(/^WooCommerce refuses the connector's API keys/);
  });
});
