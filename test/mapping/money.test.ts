import { divRound, formatDecimal, fromMinor, numberToDecimal, toMinor } from '../../src/mapping/money';

describe('money', () => {
  it('keeps WooCommerce decimal strings exact through minor units', () => {
    expect(toMinor('37.80')).toBe(3780n);
    expect(toMinor('-12.50')).toBe(-1250n);
    expect(fromMinor(toMinor('0.10') + toMinor('0.20'))).toBe('0.30');
  });

  it('refuses to round away a fraction of a cent', () => {
    expect(() => toMinor('1.005')).toThrow(/more than 2 decimals/);
    expect(toMinor('1.005', 3)).toBe(1005n);
  });

  it('rejects text that is not an amount', () => {
    expect(() => toMinor('12,50')).toThrow(/not a decimal/);
    expect(() => toMinor('')).toThrow(/not a decimal/);
  });

  it('turns Epicor JSON numbers into the decimal the ERP stored', () => {
    expect(formatDecimal(12.5)).toBe('12.50');
    expect(formatDecimal(19.99)).toBe('19.99');
    expect(numberToDecimal(1e-7)).toBe('0.0000001');
    expect(numberToDecimal(1.5e21)).toBe('1500000000000000000000');
  });

  it('formats small negative amounts with a leading zero', () => {
    expect(fromMinor(-5n)).toBe('-0.05');
  });
});

describe('divRound (a share of an amount, to the minor unit)', () => {
  it('rounds half away from zero, negative amounts included', () => {
    expect([divRound(5n, 2n), divRound(-5n, 2n), divRound(4n, 3n), divRound(-1250n * 2n, 3n)]).toEqual([3n, -3n, 1n, -833n]);
    expect(() => divRound(1n, 0n)).toThrow(RangeError);
  });
});
