import { planPart, priceOf, productDrift, productPayload, type EpicorPart } from '../../src/mapping/part-to-product';

const web = (over: Partial<EpicorPart> = {}): EpicorPart => ({
  PartNum: 'BOLT-10',
  PartDescription: 'Hex bolt M10\nZinc plated, 50 per box',
  UnitPrice: 12.5,
  SalesUM: 'BX',
  InActive: false,
  WebPart: true,
  ...over,
});

describe('planPart', () => {
  it.each([
    ['a web part is published', web(), 'publish', 'publish'],
    ['a non-web part is withdrawn to draft', web({ WebPart: false }), 'withdraw', 'draft'],
    ['an inactive web part is withdrawn to private', web({ InActive: true }), 'withdraw', 'private'],
    ['a non-web part without price is still withdrawn', web({ WebPart: false, UnitPrice: null }), 'withdraw', 'draft'],
  ])('%s', (_name, part, kind, status) => {
    const plan = planPart(part);
    expect(plan.kind).toBe(kind);
    if (plan.kind === 'publish') expect(plan.fields.status).toBe(status);
    if (plan.kind === 'withdraw') expect(plan.status).toBe(status);
  });

  it('maps PartNum to SKU, the first description line to the name and the full text to the description', () => {
    const plan = planPart(web({ PartNum: '  BOLT-10 ' }));
    expect(plan).toMatchObject({
      kind: 'publish',
      sku: 'BOLT-10',
      fields: { sku: 'BOLT-10', name: 'Hex bolt M10', description: 'Hex bolt M10\nZinc plated, 50 per box', regular_price: '12.50', salesUm: 'BX' },
    });
  });

  it('names a part without description after its SKU', () => {
    expect(planPart(web({ PartDescription: '' }))).toMatchObject({ fields: { name: 'BOLT-10' } });
  });

  it.each([
    [null, 'no UnitPrice'],
    [0, 'not priced'],
    [-1, 'negative'],
    [1.234, 'more than 2 decimals'],
    ['abc', 'invalid UnitPrice'],
  ])('plans a web part priced %p as unpriced, to be withdrawn as draft, never published (%s)', (price, reason) => {
    const plan = planPart(web({ UnitPrice: price as number }));
    expect(plan).toMatchObject({ kind: 'unpriced', sku: 'BOLT-10', status: 'draft' });
    if (plan.kind === 'unpriced') expect(plan.reason).toContain(reason);
  });

  it('gives an unpriced part the hash of a drafted product, so once withdrawn it costs no further write', () => {
    const unpriced = planPart(web({ UnitPrice: 0 }));
    const offWeb = planPart(web({ WebPart: false }));
    if (unpriced.kind !== 'unpriced' || offWeb.kind !== 'withdraw') throw new Error(`unexpected plans ${unpriced.kind}/${offWeb.kind}`);
    expect(unpriced.hash).toBe(offWeb.hash);
    expect(productDrift(unpriced, { status: 'draft' })).toEqual([]);
    expect(productDrift(unpriced, { status: 'publish' })).toEqual(['status']);
  });

  it('skips a blank PartNum as invalid', () => {
    expect(planPart(web({ PartNum: ' ' })).kind).toBe('invalid');
  });

  it.each([
    [19.99, '19.99'],
    [0.1, '0.10'],
    ['7.50000', '7.50'],
    [1e21, '1000000000000000000000.00'],
    [1234567.89, '1234567.89'],
  ])('keeps the price %p exact as %p', (input, expected) => {
    expect(priceOf(input)).toEqual({ ok: true, value: expected });
  });

  it('gives the same hash for the same content and a new one when a mapped field changes', () => {
    const a = planPart(web());
    const b = planPart(web({ ChangedOn: '2030-01-01T00:00:00', SysRevID: '999' }));
    const c = planPart(web({ UnitPrice: 12.51 }));
    expect(a.kind === 'publish' && b.kind === 'publish' && a.hash === b.hash).toBe(true);
    expect(a.kind === 'publish' && c.kind === 'publish' && a.hash !== c.hash).toBe(true);
  });

  it('writes the sales unit and the sync hash into meta_data', () => {
    const plan = planPart(web());
    if (plan.kind !== 'publish') throw new Error('expected publish');
    expect(productPayload(plan)).toMatchObject({
      sku: 'BOLT-10',
      regular_price: '12.50',
      status: 'publish',
      meta_data: [
        { key: '_epicor_sales_um', value: 'BX' },
        { key: '_epicor_sync_hash', value: plan.hash },
      ],
    });
  });
});

describe('productDrift', () => {
  const plan = planPart(web());
  if (plan.kind === 'invalid') throw new Error('unexpected');
  const inWoo = {
    name: 'Hex bolt M10',
    description: '<p>Hex bolt M10\nZinc plated, 50 per box</p>',
    regular_price: '12.5',
    status: 'publish',
    meta_data: [{ key: '_epicor_sales_um', value: 'BX' }],
  };

  it('finds nothing when WooCommerce holds the mapped fields', () => {
    expect(productDrift(plan, inWoo)).toEqual([]);
  });

  it.each([
    ['name', { name: 'Edited by hand' }],
    ['regular_price', { regular_price: '9.99' }],
    ['status', { status: 'draft' }],
    ['sales_um', { meta_data: [] }],
  ])('finds a hand edit of %s', (field, change) => {
    expect(productDrift(plan, { ...inWoo, ...change })).toEqual([field]);
  });
});
