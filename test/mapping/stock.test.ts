import { stockQuantity, stockUnchanged, countsAsStock } from '../../src/mapping/stock';

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
