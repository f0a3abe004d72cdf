import { phpJsonEncode } from '../../../src/sandbox/woocommerce';

describe('phpJsonEncode (wp_json_encode with default flags)', () => {
  it('escapes slashes and every non-ASCII character as lowercase \\uXXXX', () => {
    expect(phpJsonEncode({ url: 'https://x.test/a', name: 'Jörg – 20€' })).toBe(
      '{"url":"https:\\/\\/x.test\\/a","name":"J\\u00f6rg \\u2013 20\\u20ac"}',
    );
  });

  it('writes astral characters as UTF-16 surrogate pairs and control characters as \\u00XX', () => {
    expect(phpJsonEncode('☕🍵\u0001\n')).toBe('"\\u2615\\ud83c\\udf75\\u0001\\n"');
  });

  it('does not escape <, >, & or quotes beyond JSON needs (no JSON_HEX_* flags)', () => {
    expect(phpJsonEncode('<b class="x">&amp;\'</b>')).toBe('"<b class=\\"x\\">&amp;\'<\\/b>"');
  });

  it('writes floats like serialize_precision=-1: 12.5, 7.9, 12 (no .0), 1.0e+25', () => {
    expect(phpJsonEncode([12.5, 7.9, 12, 0.1 + 0.2, 1e25, -0])).toBe('[12.5,7.9,12,0.30000000000000004,1.0e+25,0]');
  });

  it('keeps key order, null, booleans and empty containers', () => {
    expect(phpJsonEncode({ b: null, a: true, c: [], d: {} })).toBe('{"b":null,"a":true,"c":[],"d":{}}');
  });
});
