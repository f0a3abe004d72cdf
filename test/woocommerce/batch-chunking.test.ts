import { chunkOps } from '../../src/woocommerce/batch';

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

describe('chunkOps', () => {
  it('splits 250 creates into 100 + 100 + 50', () => {
    const chunks = chunkOps({ create: range(250).map((i) => ({ sku: `S${i}` })) });
    expect(chunks.map((c) => c.create.length)).toEqual([100, 100, 50]);
  });

  it('counts create, update and delete together against the limit', () => {
    const chunks = chunkOps({
      create: range(60).map((i) => ({ sku: `S${i}` })),
      update: range(60).map((id) => ({ id })),
      delete: range(30, 1000),
    });
    expect(chunks.map((c) => c.create.length + c.update.length + c.delete.length)).toEqual([100, 50]);
    expect(chunks[0]).toMatchObject({ create: expect.any(Array), update: expect.any(Array), delete: [] });
    expect(chunks[0].create).toHaveLength(60);
    expect(chunks[0].update).toHaveLength(40);
    expect(chunks[1].update.map((u) => u.id)).toEqual(range(20, 41));
    expect(chunks[1].delete).toEqual(range(30, 1000));
  });

  it('keeps input order across chunks', () => {
    const chunks = chunkOps({ delete: range(7) }, 3);
    expect(chunks.map((c) => c.delete)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('makes no request for an empty batch', () => {
    expect(chunkOps({})).toEqual([]);
  });
});
