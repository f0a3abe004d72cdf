import { Hono } from 'hono';
import type { FaultRule } from '../shared/faults';
import { plain } from './decimal';
import type { EpicorSimulator } from './index';
import type { SimSeed } from './types';

/**
 * Test/demo control surface, deliberately outside the instance path and without Epicor auth, so it
 * can never be mistaken for (or reached by) the Epicor-shaped API.
 */
export function adminRoutes(sim: () => EpicorSimulator): Hono {
  const admin = new Hono();
  const fail = (message: string) => ({ error: message });

  admin.post('/reset', (c) => {
    sim().reset();
    return c.json({ ok: true });
  });
  admin.post('/seed', async (c) => {
    try {
      sim().seed((await c.req.json()) as SimSeed);
    } catch (err) {
      return c.json(fail(String((err as Error).message)), 400);
    }
    return c.json({ ok: true, sysRevId: sim().currentSysRevId() });
  });
  admin.patch('/parts/:partNum', async (c) => {
    try {
      return c.json(plain(sim().updatePart(c.req.param('partNum'), await c.req.json())));
    } catch (err) {
      return c.json(fail(String((err as Error).message)), 404);
    }
  });
  admin.patch('/customers/:custNum', async (c) => {
    try {
      return c.json(plain(sim().updateCustomer(Number(c.req.param('custNum')), await c.req.json())));
    } catch (err) {
      return c.json(fail(String((err as Error).message)), 404);
    }
  });
  admin.put('/stock/:partNum/:warehouseCode', async (c) => {
    const { onHandQty } = (await c.req.json()) as { onHandQty: number };
    try {
      return c.json(plain(sim().setStock(c.req.param('partNum'), c.req.param('warehouseCode'), onHandQty)));
    } catch (err) {
      return c.json(fail(String((err as Error).message)), 404);
    }
  });
  admin.get('/orders', (c) => c.json(sim().orders()));
  admin.get('/credits', (c) => c.json(sim().credits()));
  // The warehouse ships: `{orderLine, qty}` ships part of a line, an empty body everything still open.
  admin.post('/orders/:orderNum/ship', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { orderLine?: number; qty?: number };
    try {
      if (body.orderLine === undefined) sim().shipAll(Number(c.req.param('orderNum')));
      else sim().ship(Number(c.req.param('orderNum')), body.orderLine, body.qty ?? 1);
    } catch (err) {
      return c.json(fail(String((err as Error).message)), 400);
    }
    return c.json({ ok: true });
  });
  admin.get('/calls', (c) => {
    const count = sim().calls.count(c.req.query('path') ?? '', c.req.query('method'));
    return c.json({ count });
  });
  admin.delete('/calls', (c) => {
    sim().calls.clear();
    return c.json({ ok: true });
  });
  admin.get('/faults', (c) => c.json(sim().faults.list()));
  admin.post('/faults', async (c) => c.json({ id: sim().addFault((await c.req.json()) as FaultRule) }));
  admin.delete('/faults', (c) => {
    sim().faults.clear();
    return c.json({ ok: true });
  });
  admin.delete('/faults/:id', (c) => {
    sim().faults.remove(c.req.param('id'));
    return c.json({ ok: true });
  });
  admin.post('/tokens/expire', (c) => {
    sim().expireTokens();
    return c.json({ ok: true });
  });
  admin.get('/state', (c) => c.json({ sysRevId: sim().currentSysRevId() }));
  return admin;
}
