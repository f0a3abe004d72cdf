import { parseJson } from '../../src/epicor/json';

describe('precision-safe JSON', () => {
  test('SysRevID is always a decimal string, whatever its size', () => {
    const parsed = parseJson('{"value":[{"SysRevID":18446744073709551615,"PartNum":"A"},{"SysRevID": 12}]}') as {
      value: { SysRevID: string }[];
    };
    expect(parsed.value[0].SysRevID).toBe('18446744073709551615');
    expect(parsed.value[1].SysRevID).toBe('12');
  });

  test('an already-string SysRevID is left alone', () => {
    expect(parseJson('{"SysRevID":"9007199254740993"}')).toEqual({ SysRevID: '9007199254740993' });
  });

  test('other integers beyond 2^53 become strings instead of being rounded', () => {
    expect(parseJson('{"Big":9007199254740993,"Small":9007199254740991,"Price":12.5,"Neg":-3}')).toEqual({
      Big: '9007199254740993',
      Small: 9007199254740991,
      Price: 12.5,
      Neg: -3,
    });
  });

  test('text inside strings is never rewritten, escapes included', () => {
    const text = '{"Note":"\\"SysRevID\\":123 and 99999999999999999999","SysRevID":5,"Arr":[1,2]}';
    expect(parseJson(text)).toEqual({ Note: '"SysRevID":123 and 99999999999999999999', SysRevID: '5', Arr: [1, 2] });
  });

  test('a key named SysRevID nested in arrays of objects is handled', () => {
    expect(parseJson('[{"a":{"SysRevID":1}}]')).toEqual([{ a: { SysRevID: '1' } }]);
  });
});
