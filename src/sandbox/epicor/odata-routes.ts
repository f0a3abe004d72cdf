import { toJsonText } from './decimal';
import { badRequest, EpicorError, notFound } from './errors';
import { buildQuery, runQuery, type EntitySetQuery } from './odata-query';
import type { Row } from './schema';
import { kinetic, kineticService, rowSchema, rowTypeName } from './kinetic';
import type { Ctx, EntitySetDef, MethodDef, ServiceDef } from './service';

/** JSON response with Epicor's decimals and SysRevIDs written digit for digit. */
export function json(ctx: Pick<Ctx, 'c'>, status: number, value: unknown): Response {
  return ctx.c.newResponse(status === 204 ? null : toJsonText(value), status as 200, {
    'content-type': 'application/json; charset=utf-8',
    'OData-Version': '4.0',
  });
}

const methodNotAllowed = (verb: string, what: string) =>
  new EpicorError(405, `The requested resource does not support http method '${verb}' (${what}).`);

/**
 * Everything after `/<Service>/`: an entity set (`Parts`), a keyed entity (`Parts('EPIC06','P1')`),
 * a navigation (`Parts('EPIC06','P1')/PartWhses`) or a BO method (`MasterUpdate`). `segments` are
 * still percent-encoded so a key containing %2F stays one segment.
 */
export async function dispatch(ctx: Ctx, svc: ServiceDef, segments: string[], contextBase: string): Promise<Response> {
  const verb = ctx.c.req.method;
  const decoded = segments.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw badRequest(`The URL segment '${s}' is not correctly percent-encoded.`);
    }
  });
  if (decoded.length === 0 || (decoded.length === 1 && decoded[0] === '')) {
    if (verb !== 'GET') throw methodNotAllowed(verb, svc.name);
    return json(ctx, 200, {
      '@odata.context': `${contextBase}/$metadata`,
      value: Object.keys(svc.sets).map((name) => ({ name, kind: 'EntitySet', url: name })),
    });
  }
  if (decoded.length > 2 || decoded.some((s) => s === '')) throw notFound(`No resource matches '${decoded.join('/')}'.`);

  const m = /^([A-Za-z_][A-Za-z0-9_.$]*)(?:\((.*)\))?$/s.exec(decoded[0]);
  if (!m) throw notFound(`No resource matches '${decoded[0]}'.`);
  const [, name, keyText] = m;

  const set = svc.sets[name];
  const method = svc.methods[name];
  if (!set && method && keyText === undefined && decoded.length === 1) {
    if (verb !== method.verb) throw methodNotAllowed(verb, `${svc.name}/${name}`);
    const input = verb === 'GET' ? Object.fromEntries(ctx.params) : await readBody(ctx);
    checkParams(svc, name, method.params, input);
    return json(ctx, 200, method.run(ctx, input));
  }
  const unsimulated = !set && !method && keyText === undefined && decoded.length === 1 ? kineticService(svc.name).methods[name] : undefined;
  if (unsimulated) {
    // A real method the sim does not implement (UpdateExt, GetRows…): its signature is still checked first.
    checkParams(svc, name, unsimulated.params, verb === 'GET' ? Object.fromEntries(ctx.params) : await readBody(ctx));
    throw new EpicorError(501, `${svc.name}/${name} is not simulated.`);
  }
  if (!set) throw notFound(`Resource '${name}' was not found in service ${svc.name}.`);

  if (keyText === undefined) {
    if (decoded.length > 1) throw notFound(`No resource matches '${decoded.join('/')}'.`);
    if (verb === 'GET') return queryResponse(ctx, svc, set, name, rowsOf(ctx, set), contextBase);
    if (verb === 'POST' && set.create) return json(ctx, 201, set.create(ctx, checkBody(set, await readBody(ctx))));
    throw methodNotAllowed(verb, `${svc.name}/${name}`);
  }

  const row = findByKey(ctx, set, keyText);
  if (decoded.length === 2) {
    const nav = set.nav?.[decoded[1]];
    if (!nav) throw notFound(`Navigation property '${decoded[1]}' was not found on ${name}.`);
    if (verb !== 'GET') throw methodNotAllowed(verb, `${name}/${decoded[1]}`);
    const child = svc.sets[nav.set];
    return queryResponse(ctx, svc, child, nav.set, children(ctx, child, nav.link, row), contextBase);
  }
  if (verb === 'GET') {
    return json(ctx, 200, { '@odata.context': `${contextBase}/$metadata#${name}/$entity`, ...row });
  }
  if (verb === 'PATCH' && set.patch) {
    set.patch(ctx, row, checkBody(set, await readBody(ctx)));
    return json(ctx, 204, null);
  }
  throw methodNotAllowed(verb, `${svc.name}/${name}`);
}

const rowsOf = (ctx: Ctx, set: EntitySetDef): Row[] => {
  const rows = set.table(ctx.store).all(ctx.company);
  return set.where ? rows.filter((r) => set.where!(r)) : rows;
};

function children(ctx: Ctx, child: EntitySetDef, link: [string, string][], parent: Row): Row[] {
  return rowsOf(ctx, child).filter((r) => link.every(([p, c]) => String(r[c]).toUpperCase() === String(parent[p]).toUpperCase()));
}

function queryResponse(
  ctx: Ctx,
  svc: ServiceDef,
  set: EntitySetDef,
  name: string,
  rows: Row[],
  contextBase: string,
): Response {
  const expand: EntitySetQuery['expand'] = {};
  for (const [navName, nav] of Object.entries(set.nav ?? {})) {
    expand[navName] = (parent) => children(ctx, svc.sets[nav.set], nav.link, parent);
  }
  const result = runQuery({ rows, schema: set.schema, typeName: rowTypeName(set.row ?? name), keys: set.keys, expand }, ctx.params, ctx.options);
  const select = ctx.params.get('$select');
  const body: Row = { '@odata.context': `${contextBase}/$metadata#${name}${select ? `(${select})` : ''}` };
  if (result.count !== undefined) body['@odata.count'] = result.count;
  body.value = result.value;
  if (result.next) {
    const params = new Map(ctx.params);
    params.set('$skip', String(result.next.skip));
    if (result.next.top !== undefined) params.set('$top', String(result.next.top));
    const url = new URL(ctx.c.req.url);
    body['@odata.nextLink'] = `${url.origin}${url.pathname}?${buildQuery(params)}`;
  }
  return json(ctx, 200, body);
}

/** Positional `('EPIC06','P1')` or named `(Company='EPIC06',PartNum='P1')` keys, typed per the schema. */
function findByKey(ctx: Ctx, set: EntitySetDef, text: string): Row {
  const values = parseKeys(text, set);
  const row = set.table(ctx.store).get(...values);
  if (!row || row.Company !== ctx.company || (set.where && !set.where(row))) throw notFound(`Record not found: (${text}).`);
  return row;
}

function parseKeys(text: string, set: EntitySetDef): unknown[] {
  const found: { name?: string; value: string | number }[] = [];
  let i = 0;
  const fail = () => badRequest(`Bad key segment '(${text})'.`);
  while (i < text.length) {
    let name: string | undefined;
    const named = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(text.slice(i));
    if (named) {
      name = named[1];
      i += named[0].length;
    }
    if (text[i] === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw fail();
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else value += text[i++];
      }
      found.push({ name, value });
    } else {
      const num = /^-?\d+/.exec(text.slice(i));
      if (!num) throw fail();
      found.push({ name, value: Number(num[0]) });
      i += num[0].length;
    }
    if (i < text.length) {
      if (text[i] !== ',') throw fail();
      i++;
    }
  }
  if (found.length !== set.keys.length) throw badRequest(`The number of keys in '(${text})' does not match the entity's key (${set.keys.join(', ')}).`);
  return set.keys.map((key, idx) => {
    const part = found.some((f) => f.name) ? found.find((f) => f.name === key) : found[idx];
    if (!part) throw fail();
    const want = set.schema[key] === 'string' ? 'string' : 'number';
    if (typeof part.value !== want) throw badRequest(`The key value for '${key}' in '(${text})' has the wrong type.`);
    return part.value;
  });
}

async function readBody(ctx: Ctx): Promise<Row> {
  const text = await ctx.c.req.text();
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Row;
  } catch {
    // fall through
  }
  throw badRequest('The request body is not a valid JSON object.');
}

/** Every parameter of the real signature must be in the input, as the real server insists (public clients parse this). */
function checkParams(svc: ServiceDef, method: string, params: MethodDef['params'], input: Row): void {
  for (const [name, type, required] of params ?? []) {
    if (required === false) continue;
    if (!(name in input)) throw badRequest(`Parameter ${name} is not found in the input object`);
    if (type === 'tableset') checkDs(svc, input[name]);
  }
}

/** Tables and columns of a tableset must exist in the service's schema: anything else is a name the real server does not know. */
function checkDs(svc: ServiceDef, ds: unknown): void {
  if (!ds || typeof ds !== 'object' || Array.isArray(ds)) return; // readDs reports the shape
  const tables = kineticService(svc.name).tableset;
  for (const [table, rows] of Object.entries(ds as Record<string, unknown>)) {
    if (!tables.includes(table)) throw badRequest(`The tableset of ${svc.name} has no table '${table}'.`);
    if (!Array.isArray(rows) || !kinetic.rows[table]) continue;
    const columns = rowSchema(table);
    for (const row of rows as Row[]) {
      for (const key of Object.keys(row ?? {})) {
        if (!(key in columns) && !key.startsWith('@odata.'))
          throw badRequest(`The property '${key}' does not exist on type '${rowTypeName(table)}'. Make sure to only use property names that are defined by the type.`);
      }
    }
  }
}

/** A POST/PATCH body naming a column the row type lacks is refused (OData does not ignore unknown properties). */
function checkBody(set: EntitySetDef, body: Row): Row {
  for (const key of Object.keys(body)) {
    if (!(key in set.schema) && !key.startsWith('@odata.'))
      throw badRequest(`The property '${key}' does not exist on type '${rowTypeName(set.row ?? '')}'. Make sure to only use property names that are defined by the type.`);
  }
  return body;
}
