import { toDec } from './decimal';
import { badRequest, bl } from './errors';
import { customerSchema, shipToSchema, type Row } from './schema';
import type { Ctx, ServiceDef } from './service';

/** Erp.BO.CustomerSvc: read, plus POST create (guest web customers) and PATCH (address changes). */
export const customerSvc: ServiceDef = {
  name: 'Erp.BO.CustomerSvc',
  sets: {
    Customers: {
      table: (s) => s.customers,
      schema: customerSchema,
      keys: ['Company', 'CustNum'],
      create: createCustomer,
      patch: (ctx, row, body) => {
        for (const key of ['Company', 'CustNum', 'CustID']) {
          if (key in body && String(body[key]).toUpperCase() !== String(row[key]).toUpperCase())
            throw bl(`${key} cannot be changed.`, 'Customer', key);
        }
        checkTypes(body);
        Object.assign(row, strip(body));
        ctx.store.touch(row);
        ctx.store.syncOwnShipTo(row);
      },
    },
    // Read only here: the connector never maintains a customer's ship-to list (staff do, in Customer Maintenance).
    ShipToes: { table: (s) => s.shipTos, schema: shipToSchema, keys: ['Company', 'CustNum', 'ShipToNum'] },
  },
  methods: {},
};

function createCustomer(ctx: Ctx, body: Row): Row {
  if (body.Company !== undefined && body.Company !== ctx.company)
    throw badRequest(`Company '${String(body.Company)}' in the body does not match the company in the URL.`);
  const custId = typeof body.CustID === 'string' ? body.CustID.trim() : '';
  if (!custId) throw bl('Customer ID is required.', 'Customer', 'CustID');
  if (ctx.store.findCustomerById(ctx.company, custId)) throw bl(`Customer ID ${custId} already exists.`, 'Customer', 'CustID');
  if (typeof body.Name !== 'string' || !body.Name.trim()) throw bl('Name is required.', 'Customer', 'Name');
  const requested = Number(body.CustNum ?? 0);
  if (requested && ctx.store.customers.get(ctx.company, requested))
    throw bl(`Customer number ${requested} already exists.`, 'Customer', 'CustNum');
  checkTypes(body);
  const row = ctx.store.upsertCustomer({
    company: ctx.company,
    custId,
    name: body.Name,
    custNum: requested || undefined,
  });
  Object.assign(row, strip(body), { CustID: custId });
  ctx.store.touch(row);
  ctx.store.syncOwnShipTo(row);
  return row;
}

function strip(body: Row): Row {
  const { Company: _c, CustNum: _n, SysRevID: _r, SysRowID: _s, RowMod: _m, ChangeDate: _d, ChangeTime: _t, ...rest } = body;
  for (const [k, v] of Object.entries(rest)) if (customerSchema[k] === 'decimal') rest[k] = toDec(v);
  return rest;
}

/** OData deserialisation refuses a JSON value of the wrong type for a known column. */
function checkTypes(body: Row): void {
  for (const [k, v] of Object.entries(body)) {
    const t = customerSchema[k];
    if (!t || v === null) continue;
    const ok =
      t === 'string' || t === 'datetime' ? typeof v === 'string' : t === 'bool' ? typeof v === 'boolean' : typeof v === 'number';
    if (!ok) throw badRequest(`Cannot convert the literal '${String(v)}' to the expected type of property '${k}'.`);
  }
}
