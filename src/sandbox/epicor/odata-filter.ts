import { Dec, numCmp, toNum, type Num } from './decimal';
import { badRequest } from './errors';
import type { FieldType, Row, Schema } from './schema';

/**
 * $filter: tokenizer, recursive-descent parser and a compiler that type-checks against the entity's
 * schema (reference section 4). No eval. Spaces must already be decoded from %20; a '+' is a literal
 * character, so a filter encoded with URLSearchParams ("PartNum+eq+'X'") is a syntax error here.
 */

export interface FilterOptions {
  /** v2 date literals without a zone are [U] (reference section 4); true rejects them. */
  requireDateOffset: boolean;
  /** SQL Server's default collation compares text case-insensitively, so Epicor does too. */
  caseSensitiveStrings: boolean;
}

type Token =
  | { kind: '(' | ')' | ','; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: string; pos: number }
  | { kind: 'datetime'; value: string; pos: number }
  | { kind: 'ident'; value: string; pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?(?![\w:.+-])/;
const NUMBER = /^-?\d+(\.\d+)?(?![\w.])/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

const syntax = (text: string, pos: number, what = 'Syntax error') =>
  badRequest(`${what} at position ${pos} in '${text}'.`);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ') {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, pos: i });
      i++;
      continue;
    }
    if (ch === "'") {
      // OData escapes a quote inside a string literal by doubling it.
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw syntax(text, i, 'Unterminated string literal');
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j++];
      }
      tokens.push({ kind: 'string', value, pos: i });
      i = j + 1;
      continue;
    }
    const rest = text.slice(i);
    const dt = DATETIME.exec(rest);
    if (dt) {
      tokens.push({ kind: 'datetime', value: dt[0], pos: i });
      i += dt[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', value: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      if (/^(datetime|datetimeoffset|guid|time)$/i.test(id[0]) && text[i + id[0].length] === "'") throw syntax(text, i, "Unrecognized literal (v1 datetime'...' is not v2 syntax)");
      tokens.push({ kind: 'ident', value: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    throw syntax(text, i, `Syntax error: character '${ch}' is not valid`);
  }
  return tokens;
}

export type Node =
  | { type: 'or' | 'and'; left: Node; right: Node }
  | { type: 'not'; operand: Node }
  | { type: 'cmp'; op: CmpOp; left: Node; right: Node }
  | { type: 'call'; name: string; args: Node[]; pos: number }
  | { type: 'field'; name: string; pos: number }
  | { type: 'literal'; kind: 'string' | 'number' | 'datetime' | 'bool' | 'null'; value: string; pos: number };

type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const CMP_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseFilter(text: string): Node {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (word: string) => {
    const t = peek();
    return t?.kind === 'ident' && t.value === word;
  };
  const end = () => (tokens.length ? (tokens[tokens.length - 1].pos + 1) : 0);
  const expect = (kind: Token['kind']) => {
    const t = tokens[at];
    if (!t || t.kind !== kind) throw syntax(text, t?.pos ?? end(), `Expected '${kind}'`);
    at++;
    return t;
  };

  const parseOr = (): Node => {
    let left = parseAnd();
    while (isWord('or')) {
      at++;
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseNot();
    while (isWord('and')) {
      at++;
      left = { type: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): Node => {
    if (isWord('not')) {
      at++;
      return { type: 'not', operand: parseNot() };
    }
    return parseCmp();
  };
  const parseCmp = (): Node => {
    const left = parsePrimary();
    const t = peek();
    if (t?.kind === 'ident' && CMP_OPS.has(t.value)) {
      at++;
      return { type: 'cmp', op: t.value as CmpOp, left, right: parsePrimary() };
    }
    return left;
  };
  const parsePrimary = (): Node => {
    const t = peek();
    if (!t) throw syntax(text, end(), 'Expression expected');
    at++;
    switch (t.kind) {
      case '(': {
        const inner = parseOr();
        expect(')');
        return inner;
      }
      case 'string':
      case 'number':
      case 'datetime':
        return { type: 'literal', kind: t.kind, value: t.value, pos: t.pos };
      case 'ident': {
        if (t.value === 'true' || t.value === 'false') return { type: 'literal', kind: 'bool', value: t.value, pos: t.pos };
        if (t.value === 'null') return { type: 'literal', kind: 'null', value: 'null', pos: t.pos };
        if (peek()?.kind === '(') {
          at++;
          const args: Node[] = [];
          if (peek()?.kind !== ')') {
            args.push(parseOr());
            while (peek()?.kind === ',') {
              at++;
              args.push(parseOr());
            }
          }
          expect(')');
          return { type: 'call', name: t.value, args, pos: t.pos };
        }
        return { type: 'field', name: t.value, pos: t.pos };
      }
      default:
        throw syntax(text, t.pos);
    }
  };

  const node = parseOr();
  if (at < tokens.length) throw syntax(text, tokens[at].pos);
  return node;
}

/** A typed, compiled expression: numbers are exact (Num: bigint for integers such as SysRevID, else Dec), datetimes epoch ms. */
type Kind = 'string' | 'number' | 'bool' | 'datetime' | 'null';
interface Compiled {
  kind: Kind;
  eval(row: Row): unknown;
}

const typeToKind = (t: FieldType): Kind => (t === 'int' || t === 'decimal' ? 'number' : t);

/** Stored datetimes have no zone (server local time); the simulator's server runs on UTC. */
export function instantOf(stored: string): number {
  return Date.parse(/Z|[+-]\d{2}:\d{2}$/.test(stored) ? stored : `${stored.length === 10 ? `${stored}T00:00:00` : stored}Z`);
}

function fieldValue(kind: Kind, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'number') return toNum(v);
  if (kind === 'datetime') return instantOf(String(v));
  return v;
}

export function compileFilter(text: string, schema: Schema, opts: FilterOptions, typeName = 'the entity type'): (row: Row) => boolean {
  const fold = (s: string) => (opts.caseSensitiveStrings ? s : s.toLowerCase());

  const compile = (node: Node): Compiled => {
    switch (node.type) {
      case 'or':
      case 'and': {
        const l = boolean(node.left);
        const r = boolean(node.right);
        return node.type === 'or'
          ? { kind: 'bool', eval: (row) => l.eval(row) === true || r.eval(row) === true }
          : { kind: 'bool', eval: (row) => l.eval(row) === true && r.eval(row) === true };
      }
      case 'not': {
        const o = boolean(node.operand);
        return { kind: 'bool', eval: (row) => o.eval(row) !== true };
      }
      case 'field': {
        const t = schema[node.name];
        if (!t) throw badRequest(`Could not find a property named '${node.name}' on type '${typeName}'.`);
        const kind = typeToKind(t);
        return { kind, eval: (row) => fieldValue(kind, row[node.name]) };
      }
      case 'literal':
        return literal(node);
      case 'cmp':
        return comparison(node.op, compile(node.left), compile(node.right));
      case 'call':
        return call(node);
    }
  };

  const boolean = (node: Node): Compiled => {
    const c = compile(node);
    if (c.kind !== 'bool') throw badRequest(`The $filter expression must evaluate to a boolean, in '${text}'.`);
    return c;
  };

  const literal = (node: Extract<Node, { type: 'literal' }>): Compiled => {
    switch (node.kind) {
      case 'string':
        return { kind: 'string', eval: () => node.value };
      case 'number': {
        const dec = new Dec(node.value);
        const d: Num = /^-?\d+$/.test(node.value) ? BigInt(node.value) : dec;
        return { kind: 'number', eval: () => d };
      }
      case 'bool':
        return { kind: 'bool', eval: () => node.value === 'true' };
      case 'null':
        return { kind: 'null', eval: () => null };
      case 'datetime': {
        const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(node.value) && node.value.includes('T');
        if (!hasZone && opts.requireDateOffset)
          throw badRequest(`The date literal '${node.value}' at position ${node.pos} needs a time zone offset.`);
        const ms = instantOf(node.value);
        if (Number.isNaN(ms)) throw badRequest(`Invalid date literal '${node.value}' at position ${node.pos}.`);
        return { kind: 'datetime', eval: () => ms };
      }
    }
  };

  const comparison = (op: CmpOp, l: Compiled, r: Compiled): Compiled => {
    const nullCmp = l.kind === 'null' || r.kind === 'null';
    if (!nullCmp && l.kind !== r.kind)
      throw badRequest(`A binary operator with incompatible types was detected. Found operand types '${l.kind}' and '${r.kind}' for operator kind '${op}'.`);
    if (nullCmp && op !== 'eq' && op !== 'ne') throw badRequest(`Operator '${op}' cannot be applied to null.`);
    const kind = nullCmp ? 'null' : l.kind;
    const order = (a: unknown, b: unknown): number => {
      if (kind === 'number') return numCmp(a as Num, b as Num);
      if (kind === 'string') {
        const x = fold(a as string);
        const y = fold(b as string);
        return x < y ? -1 : x > y ? 1 : 0;
      }
      if (kind === 'bool') return Number(a) - Number(b);
      return (a as number) - (b as number);
    };
    return {
      kind: 'bool',
      eval: (row) => {
        const a = l.eval(row);
        const b = r.eval(row);
        if (a === null || b === null) {
          const same = a === null && b === null;
          return op === 'eq' ? same : op === 'ne' ? !same : false;
        }
        const c = order(a, b);
        switch (op) {
          case 'eq':
            return c === 0;
          case 'ne':
            return c !== 0;
          case 'gt':
            return c > 0;
          case 'ge':
            return c >= 0;
          case 'lt':
            return c < 0;
          case 'le':
            return c <= 0;
        }
      },
    };
  };

  const call = (node: Extract<Node, { type: 'call' }>): Compiled => {
    const args = node.args.map(compile);
    const want = (n: number, ...kinds: Kind[]) => {
      if (args.length !== n || args.some((a, i) => a.kind !== kinds[i] && a.kind !== 'null'))
        throw badRequest(`No function signature for the function with name '${node.name}' matches the specified arguments.`);
    };
    const str = (a: Compiled, row: Row) => {
      const v = a.eval(row);
      return v === null ? null : fold(String(v));
    };
    switch (node.name) {
      case 'startswith':
      case 'endswith':
      case 'contains': {
        want(2, 'string', 'string');
        const [a, b] = args;
        const test =
          node.name === 'startswith'
            ? (x: string, y: string) => x.startsWith(y)
            : node.name === 'endswith'
              ? (x: string, y: string) => x.endsWith(y)
              : (x: string, y: string) => x.includes(y);
        return {
          kind: 'bool',
          eval: (row) => {
            const x = str(a, row);
            const y = str(b, row);
            return x !== null && y !== null && test(x, y);
          },
        };
      }
      case 'tolower':
      case 'toupper':
      case 'trim': {
        want(1, 'string');
        const f = (s: string) => (node.name === 'tolower' ? s.toLowerCase() : node.name === 'toupper' ? s.toUpperCase() : s.trim());
        return {
          kind: 'string',
          eval: (row) => {
            const v = args[0].eval(row);
            return v === null ? null : f(String(v));
          },
        };
      }
      case 'length':
        want(1, 'string');
        return {
          kind: 'number',
          eval: (row) => {
            const v = args[0].eval(row);
            return v === null ? null : new Dec(String(String(v).length));
          },
        };
      case 'year':
      case 'month':
      case 'day': {
        want(1, 'datetime');
        const part = (d: Date) =>
          node.name === 'year' ? d.getUTCFullYear() : node.name === 'month' ? d.getUTCMonth() + 1 : d.getUTCDate();
        return {
          kind: 'number',
          eval: (row) => {
            const v = args[0].eval(row);
            return v === null ? null : new Dec(String(part(new Date(v as number))));
          },
        };
      }
      default:
        throw badRequest(`Unknown function '${node.name}' at position ${node.pos}.`);
    }
  };

  const root = boolean(parseFilter(text));
  return (row) => root.eval(row) === true;
}
