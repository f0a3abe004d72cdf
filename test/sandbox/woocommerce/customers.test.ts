import { call, newSim, JORG } from './helpers';

describe('customers', () => {
  it('filters ?email= exactly (case-insensitive), never as a substring', async () => {
    const sim = newSim();
    sim.seedCustomers([JORG, { email: 'org.testperson@example.test' }]);
    const hit = await call(sim, 'GET', 'customers?email=JORG.testperson@example.test');
    expect(hit.json.map((c: any) => c.email)).toEqual(['jorg.testperson@example.test']);
    expect((await call(sim, 'GET', 'customers?email=testperson@example.test')).json).toEqual([]);
  });

  it('lists only role customer by default; other roles need role=all', async () => {
    const sim = newSim();
    sim.seedCustomers([{ email: 'shop.manager@example.test', role: 'shop_manager' }, JORG]);
    expect((await call(sim, 'GET', 'customers?email=shop.manager@example.test')).json).toEqual([]);
    const all = await call(sim, 'GET', 'customers?email=shop.manager@example.test&role=all');
    expect(all.json.map((c: any) => c.role)).toEqual(['shop_manager']);
  });

  it('rejects a second account with the same e-mail: registration-error-email-exists', async () => {
    const sim = newSim();
    expect((await call(sim, 'POST', 'customers', JORG)).status).toBe(201);
    const dup = await call(sim, 'POST', 'customers', { email: 'Jorg.Testperson@example.test' });
    expect([dup.status, dup.json.code]).toEqual([400, 'registration-error-email-exists']);
  });

  it('derives the username from the e-mail and keeps billing/shipping', async () => {
    const res = await call(newSim(), 'POST', 'customers', JORG);
    expect(res.json.username).toBe('jorg.testperson');
    expect(res.json.billing.address_1).toBe('Teststraße 1');
    expect(res.json.shipping.city).toBe('Berlin');
    expect(res.json.role).toBe('customer');
  });

  it('refuses an e-mail change onto another account and DELETE without force (501)', async () => {
    const sim = newSim();
    const [a] = sim.seedCustomers([JORG, { email: 'b@example.test' }]) as any[];
    const res = await call(sim, 'PUT', `customers/${a.id}`, { email: 'b@example.test' });
    expect([res.status, res.json.code]).toEqual([400, 'woocommerce_rest_customer_invalid_email']);
    const del = await call(sim, 'DELETE', `customers/${a.id}`);
    expect([del.status, del.json.code]).toEqual([501, 'woocommerce_rest_trash_not_supported']);
  });

  it('requires email on create: rest_missing_callback_param', async () => {
    const res = await call(newSim(), 'POST', 'customers', { first_name: 'x' });
    expect([res.status, res.json.code, res.json.data.params]).toEqual([400, 'rest_missing_callback_param', ['email']]);
  });

  it('drops customer meta keys starting with _ on write and hides them on read, as the real store does', async () => {
    const sim = newSim();
    const meta = [{ key: '_epicor_custnum', value: '7' }, { key: 'epicor_custnum', value: '7' }];
    const created = await call(sim, 'POST', 'customers', { ...JORG, meta_data: meta });
    // default_password_nag: WooCommerce's own flag for a generated password (public, so shown).
    expect(created.json.meta_data.map((m: any) => m.key)).toEqual(['default_password_nag', 'epicor_custnum']);
    await call(sim, 'PUT', `customers/${created.json.id}`, { meta_data: [{ key: '_hidden', value: 'x' }] });
    const read = await call(sim, 'GET', `customers/${created.json.id}`);
    expect(read.json.meta_data.map((m: any) => m.key)).toEqual(['default_password_nag', 'epicor_custnum']);
  });
});
