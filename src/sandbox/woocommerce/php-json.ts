/**
 * JSON the way PHP's json_encode() (via wp_json_encode()) writes it with default flags: `/` as `\/`, every
 * non-ASCII UTF-16 unit as lowercase `\uXXXX`, no spaces. REST bodies and webhook bodies are both written this
 * way (fixtures: `J\u00f6rg`, `https:\/\/`), and the webhook signature is computed over exactly these bytes.
 */
export function phpJsonEncode(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return phpNumber(value);
    case 'string':
      return phpString(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((v) => phpJsonEncode(v)).join(',')}]`;
      return `{${Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${phpString(k)}:${phpJsonEncode(v)}`)
        .join(',')}}`;
    default:
      throw new TypeError(`cannot encode ${typeof value}`);
  }
}

/** serialize_precision = -1 gives the shortest round-trip form like JS, but PHP writes exponents as `1.0e+25`. */
function phpNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError('Inf and NaN cannot be JSON encoded');
  const s = String(n);
  const m = /^(-?\d+)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]}.0e${m[2]}` : s;
}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function phpString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (SHORT[ch]) out += SHORT[ch];
    else if (code < 0x20 || code > 0x7f) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}
