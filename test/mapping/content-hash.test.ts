import { canonicalJson, contentHash, storedHash } from '../../src/mapping/content-hash';

describe('contentHash', () => {
  it('does not depend on key order', () => {
    expect(contentHash({ a: 1, b: { c: 2, d: 3 } })).toBe(contentHash({ b: { d: 3, c: 2 }, a: 1 }));
  });
  it('changes when a value changes', () => {
    expect(contentHash({ price: '1.00' })).not.toBe(contentHash({ price: '1.01' }));
  });
  it('ignores undefined fields like JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
  it('reads the stored hash from meta_data', () => {
    expect(storedHash({ meta_data: [{ key: '_epicor_sync_hash', value: 'abc' }] })).toBe('abc');
    expect(storedHash({ meta_data: [] })).toBeUndefined();
  });
});
