import { countsAsStock, sellable, stockDecision, stockPayload, stockQuantity, stockUnchanged, withStock, STOCK_BASIS_META_KEY } from '../../src/mapping/stock';

const rows = [
  { PartNum: 'A', WarehouseCode: 'MAIN', OnHandQty: 10.5 },
  { PartNum: 'A', WarehouseCode: 'WEST', OnHandQty: '4.5' },
  { PartNum: 'A', WarehouseCode: 'QC', OnHandQty: 100 },
];

describe('stockQuantity', () => {
  it.each([
    ['every warehouse when the list is empty', [], 115],
    ['only the configured warehouses', ['MAIN', 'WEST'], 15],
    ['warehouse codes case-insensitively', ['main'], 10],
    ['nothing when no configured warehouse has rows', ['EAST'], 0],
  ])('counts %s', (_name, warehouses, expected) => {
    expect(stockQuantity(rows, warehouses)).toBe(expected);
  });

  it('rounds fractions down to whole sellable units', () => {
    expect(stockQuantity([{ PartNum: 'A', WarehouseCode: 'MAIN', OnHandQty: 2.99999999 }], [])).toBe(2);
  });

  it('never goes below zero', () => {
    expect(stockQuantity([{ PartNum: 'A', WarehouseCode: 'MAIN', OnHandQty: -3 }], [])).toBe(0);
  });

  it('counts on-hand minus allocated: allocated units are sold (Woo already took them off), just not shipped', () => {
    expect(stockQuantity([{ PartNum: 'A', WarehouseCode: 'MAIN', OnHandQty: 10, AllocatedQty: 3 }], [])).toBe(7);
  });

  it('takes allocation off per counted warehouse only, and never below zero when more is allocated than on hand', () => {
    const whses = [
      { PartNum: 'A', WarehouseCode: 'MAIN', OnHandQty: '10', AllocatedQty: '2.5' },
      { PartNum: 'A', WarehouseCode: 'QC', OnHandQty: 0, AllocatedQty: 50 },
    ];
    expect(stockQuantity(whses, ['MAIN'])).toBe(7);
    expect(stockQuantity(whses, [])).toBe(0);
  });

  it('treats a missing or null AllocatedQty as nothing allocated', () => {
    expect(stockQuantity([{ PartNum: 'A', WarehouseCode: 'MAIN', OnHandQty: 5, AllocatedQty: null }], [])).toBe(5);
  });

  it('adds decimals exactly (0.1 + 0.2 is not 0.30000000000000004)', () => {
    const tenths = Array.from({ length: 10 }, () => ({ PartNum: 'A', WarehouseCode: 'M', OnHandQty: 0.1 }));
    expect(stockQuantity(tenths, [])).toBe(1);
  });
});

describe('stockUnchanged', () => {
  it('needs manage_stock on and the same quantity', () => {
    expect(stockUnchanged({ manage_stock: true, stock_quantity: 5 }, 5)).toBe(true);
    expect(stockUnchanged({ manage_stock: false, stock_quantity: 5 }, 5)).toBe(false);
    expect(stockUnchanged({ manage_stock: true, stock_quantity: 4 }, 5)).toBe(false);
  });
  it('treats an empty warehouse list as all warehouses', () => {
    expect(countsAsStock('ANY', [])).toBe(true);
  });
});

describe('open order demand', () => {
  it.each([
    ['an imported order Epicor has not allocated (demand only)', { AllocatedQty: 0, DemandQty: 3 }, 7],
    ['an allocated order (allocation within demand)', { AllocatedQty: 3, DemandQty: 3 }, 7],
    ['allocation Epicor counts outside demand', { AllocatedQty: 4, DemandQty: 1 }, 6],
  ])('takes off %s once', (_n, qty, expected) => {
    expect(stockQuantity([{ PartNum: 'A', WarehouseCode: 'MAIN', OnHandQty: 10, ...qty }], [])).toBe(expected);
  });
});

describe('sellable', () => {
  it.each([
    [3, 0, 3],
    [3, 3, 0],
    [3, 5, 0],
    [10, 2, 8],
  ])('Epicor %p minus %p web units Epicor has not got: %p', (epicor, pending, expected) => {
    expect(sellable(epicor, pending)).toBe(expected);
  });
});

describe('stockDecision', () => {
  const product = (qty: number | null, basis?: string, manage = true) => ({
    manage_stock: manage,
    stock_quantity: qty,
    meta_data: basis === undefined ? [] : [{ key: STOCK_BASIS_META_KEY, value: basis }],
  });
  it.each([
    ['the store already shows the target', product(5, '5'), { epicor: 5, webPending: 0 }, 'unchanged'],
    ['the target is lower (always safe)', product(5, '5'), { epicor: 4, webPending: 0 }, 'write'],
    ['the last units sold in the store, Epicor unmoved', product(0, '3'), { epicor: 3, webPending: 0 }, 'hold'],
    ['Epicor received goods', product(0, '3'), { epicor: 13, webPending: 0 }, 'write'],
    ['a product written before the basis existed', product(0), { epicor: 3, webPending: 0 }, 'write'],
    ['stock not managed yet', product(null, undefined, false), { epicor: 3, webPending: 0 }, 'write'],
  ])('%s: %s', (_n, p, level, expected) => {
    expect(stockDecision(p, level)).toBe(expected);
  });
});

describe('stockPayload and withStock', () => {
  it('writes the sellable quantity and records the Epicor figure it was based on', () => {
    expect(stockPayload({ epicor: 10, webPending: 3 })).toEqual({ manage_stock: true, stock_quantity: 7, meta_data: [{ key: STOCK_BASIS_META_KEY, value: '10' }] });
  });
  it('keeps the meta entries of the product body it adds to', () => {
    const item = withStock({ sku: 'A', meta_data: [{ key: '_epicor_sync_hash', value: 'h' }] }, { epicor: 2, webPending: 0 });
    expect(item.meta_data.map((m: { key: string }) => m.key)).toEqual(['_epicor_sync_hash', STOCK_BASIS_META_KEY]);
  });
});
