import { f } from '../../src/epicor';
import { keyPath, literal, methodParams, queryString, stableOrderBy } from '../../src/epicor/odata';

describe('OData literals', () => {
  test('strings are single-quoted with embedded quotes doubled', () => {
    expect(literal("O'Brien")).toBe("'O''Brien'");
    expect(literal("''")).toBe("''''''");
    expect(literal('')).toBe("''");
  });

  test('numbers and bigints render as plain digits, never exponent notation', () => {
    expect(literal(42)).toBe('42');
    expect(literal(-7)).toBe('-7');
    expect(literal(12.5)).toBe('12.5');
    expect(literal(1e21)).toBe('1000000000000000000000');
    expect(literal(18446744073709551615n)).toBe('18446744073709551615');
  });

  test('booleans, null and dates (unquoted ISO with Z) follow OData v4', () => {
    expect(literal(true)).toBe('true');
    expect(literal(false)).toBe('false');
    expect(literal(null)).toBe('null');
    expect(literal(new Date('2025-01-31T00:00:00Z'))).toBe('2025-01-31T00:00:00Z');
    expect(literal(new Date('2025-01-31T10:20:30.456Z'))).toBe('2025-01-31T10:20:30.456Z');
  });

  test('non-finite numbers and invalid dates are refused', () => {
    expect(() => literal(NaN)).toThrow(TypeError);
    expect(() => literal(Infinity)).toThrow(TypeError);
    expect(() => literal(new Date('nope'))).toThrow(TypeError);
  });
});

describe('filter builder', () => {
  test('combines conditions with parentheses so precedence never changes', () => {
    expect(f.and(f.gt('SysRevID', 10n), f.eq('PartNum', "O'Brien"))).toBe("(SysRevID gt 10) and (PartNum eq 'O''Brien')");
    expect(f.or(f.eq('A', 1), f.and(f.eq('B', 2), f.ne('C', 'x')))).toBe("(A eq 1) or ((B eq 2) and (C ne 'x'))");
    expect(f.not(f.eq('InActive', true))).toBe('not (InActive eq true)');
  });

  test('drops empty optional parts and keeps a single part bare', () => {
    const since: bigint | undefined = undefined;
    expect(f.and(since !== undefined && f.gt('SysRevID', since), f.eq('WebPart', true))).toBe('WebPart eq true');
  });

  test('in, startsWith and contains escape their values too', () => {
    expect(f.in('PartNum', ['A', "B'C"])).toBe("(PartNum eq 'A') or (PartNum eq 'B''C')");
    expect(f.startsWith('CustID', "O'")).toBe("startswith(CustID,'O''')");
    expect(f.contains('PartNum', 'x')).toBe("contains(PartNum,'x')");
  });

  test('a value cannot break out of its literal', () => {
    const evil = "x' or 1 eq 1 or PartNum eq '";
    expect(f.eq('PartNum', evil)).toBe("PartNum eq 'x'' or 1 eq 1 or PartNum eq '''");
  });

  test('field names must be identifiers', () => {
    expect(() => f.eq('PartNum eq 1 or X', 1)).toThrow(TypeError);
    expect(() => f.eq('', 1)).toThrow(TypeError);
    expect(f.eq('OrderDtls/OrderLine', 1)).toBe('OrderDtls/OrderLine eq 1');
  });
});

describe('query string', () => {
  test('encodes with %20, never +, and keeps $ option names readable', () => {
    const qs = queryString({ filter: f.eq('PartNum', "O'Brien A+B"), select: ['PartNum', 'SysRevID'], orderBy: ['SysRevID desc'], top: 100, skip: 200, count: true });
    expect(qs).toBe(
      "$filter=PartNum%20eq%20'O''Brien%20A%2BB'&$select=PartNum%2CSysRevID&$orderby=SysRevID%20desc&$top=100&$skip=200&$count=true",
    );
    expect(qs).not.toContain('+');
  });

  test('rejects bad $top/$skip and malformed orderby terms', () => {
    expect(() => queryString({ top: -1 })).toThrow(TypeError);
    expect(() => queryString({ skip: 1.5 })).toThrow(TypeError);
    expect(() => queryString({ orderBy: ['PartNum sideways'] })).toThrow(TypeError);
  });

  test('stable order appends the key fields that are missing', () => {
    expect(stableOrderBy(['SysRevID'], ['PartNum'])).toEqual(['SysRevID', 'PartNum']);
    expect(stableOrderBy(['PartNum desc'], ['PartNum'])).toEqual(['PartNum desc']);
    expect(stableOrderBy(undefined, ['OrderNum', 'OrderLine'])).toEqual(['OrderNum', 'OrderLine']);
  });

  test('entity keys and method params are encoded literals', () => {
    expect(keyPath('Parts', ['EPIC06', "O'Brien 1/2"])).toBe("Parts('EPIC06','O''Brien%201%2F2')");
    expect(keyPath('Customers', ['EPIC06', 12])).toBe("Customers('EPIC06',12)");
    expect(methodParams({ orderNum: 5, whereClause: 'a b' })).toBe('orderNum=5&whereClause=a%20b');
  });
});
