/**
 * JSON parsing that never loses integer precision. SysRevID is a SQL rowversion (8 bytes, reference §4)
 * and can exceed 2^53, which JSON.parse would silently round. Node 20 has no reviver `source`, so the
 * text is rewritten before parsing:
 *   - values of keys in `stringKeys` (SysRevID) are ALWAYS returned as decimal strings, so callers see
 *     one type whatever the magnitude (compare with BigInt(value));
 *   - any other integer outside Number.MAX_SAFE_INTEGER is returned as a string rather than rounded.
 * Strings stay JSON-serialisable, which Temporal payloads need (a bigint would not be).
 */
export const BIG_INTEGER_KEYS: ReadonlySet<string> = new Set(['SysRevID']);

export function parseJson(text: string, stringKeys: ReadonlySet<string> = BIG_INTEGER_KEYS): unknown {
  return JSON.parse(quoteBigIntegers(text, stringKeys));
}

/** One pass over the text: tracks strings (with escapes) and the last key, quotes numbers that need it. */
export function quoteBigIntegers(text: string, stringKeys: ReadonlySet<string>): string {
  let out = '';
  let copiedUpTo = 0;
  let lastString = '';
  let afterKey = false; // the previous token was a string followed by ':'
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      lastString = text.slice(start, i);
      afterKey = false;
      continue;
    }
    if (ch === ':') {
      afterKey = true;
      i++;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const start = i;
      while (i < text.length && /[-+0-9.eE]/.test(text[i])) i++;
      const token = text.slice(start, i);
      const keyed = afterKey && stringKeys.has(safeKey(lastString));
      const unsafeInteger = /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token));
      if (keyed || unsafeInteger) {
        out += text.slice(copiedUpTo, start) + `"${token}"`;
        copiedUpTo = i;
      }
      afterKey = false;
      continue;
    }
    if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') afterKey = false;
    i++;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function safeKey(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return '';
  }
}
