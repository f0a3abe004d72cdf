import { startEpicorSimulator } from '../../../src/sandbox/epicor';
import { API, BASIC, call, makeSim } from './helpers';

const headers = { 'x-api-key': 'sandbox-api-key', authorization: BASIC };

describe('Epicor simulator: fault injection', () => {
  it('answers an injected 500 with the generic "We apologize…" body and a correlation id', async () => {
    const sim = makeSim();
    sim.faults.add({ kind: 'status', status: 500, path: 'Erp.BO.PartSvc', times: 1 });
    const res = await call(sim, 'Erp.BO.PartSvc/Parts');
    expect(res.status).toBe(500);
    const body: any = await res.json();
    expect(body.ErrorMessage).toMatch(/^We apologize, but an unexpected internal problem occurred.*Correlation ID: [0-9a-f-]{36}$/);
    expect(body.CorrelationId).toBeTruthy();
    expect((await call(sim, 'Erp.BO.PartSvc/Parts')).status).toBe(200);
  });

  it('answers a 429 burst with Retry-After, then recovers', async () => {
    const sim = makeSim();
    sim.addFault({ kind: 'status', status: 429, path: '/Parts', times: 2 });
    const first = await call(sim, 'Erp.BO.PartSvc/Parts');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await first.json() as any).HttpStatus).toBe(429);
    expect((await call(sim, 'Erp.BO.PartSvc/Parts')).status).toBe(429);
    expect((await call(sim, 'Erp.BO.PartSvc/Parts')).status).toBe(200);
  });

  it('limits a rule to one method and path', async () => {
    const sim = makeSim();
    sim.faults.add({ kind: 'status', status: 503, method: 'POST', path: 'MasterUpdate' });
    expect((await call(sim, 'Erp.BO.PartSvc/Parts')).status).toBe(200);
    expect((await call(sim, 'Erp.BO.SalesOrderSvc/MasterUpdate', { body: {} })).status).toBe(503);
  });

  it('adds latency', async () => {
    const sim = makeSim();
    sim.faults.add({ kind: 'latency', latencyMs: 150, times: 1 });
    const started = Date.now();
    expect((await call(sim, 'Erp.BO.PartSvc/Parts')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fails an in-process request when a reset is injected (no socket)', async () => {
    const sim = makeSim();
    sim.faults.add({ kind: 'reset', times: 1 });
    await expect(call(sim, 'Erp.BO.PartSvc/Parts')).rejects.toThrow(/connection reset/);
  });

  it('resets the TCP connection over a real socket', async () => {
    const running = await startEpicorSimulator({});
    try {
      running.sim.faults.add({ kind: 'reset', times: 1 });
      await expect(fetch(`${running.baseUrl}/api/v2/odata/EPIC06/Erp.BO.PartSvc/Parts`, { headers })).rejects.toThrow();
      expect((await fetch(`${running.baseUrl}/api/v2/odata/EPIC06/Erp.BO.PartSvc/Parts`, { headers })).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('hangs a request until the client gives up', async () => {
    const running = await startEpicorSimulator({});
    try {
      running.sim.faults.add({ kind: 'hang', times: 1, hangMs: 5_000 });
      const started = Date.now();
      await expect(
        fetch(`${running.baseUrl}/api/v2/odata/EPIC06/Erp.BO.PartSvc/Parts`, { headers, signal: AbortSignal.timeout(200) }),
      ).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await running.close();
    }
  });

  it('manages rules through POST/DELETE /_admin/faults, defaulting Retry-After on 429', async () => {
    const sim = makeSim();
    const add = await sim.app.request('/_admin/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 429, path: '/Parts' }),
    });
    expect(((await add.json()) as any).id).toBeTruthy();
    const hit = await call(sim, 'Erp.BO.PartSvc/Parts');
    expect([hit.status, hit.headers.get('retry-after')]).toEqual([429, '1']);
    await sim.app.request('/_admin/faults', { method: 'DELETE' });
    expect((await call(sim, 'Erp.BO.PartSvc/Parts')).status).toBe(200);
  });

  it('never injects faults into the admin API', async () => {
    const sim = makeSim();
    sim.faults.add({ kind: 'status', status: 500 });
    expect((await sim.app.request('/_admin/orders')).status).toBe(200);
    expect((await sim.app.request(`${API}/Erp.BO.PartSvc/Parts`, { headers })).status).toBe(500);
  });
});
