import raw from './kinetic-schema.json';
import type { FieldType, Schema } from './schema';

/**
 * The real Kinetic schema (kinetic-schema.json, extracted from a public Swagger dump of a SaaS tenant; its
 * `source` names the repository and commit). The simulator takes entity sets, keys, columns and method
 * signatures from it, so it refuses exactly the names the real server would refuse.
 */
export type ParamSpec = [name: string, type: string, required?: false];

export interface KineticSet {
  row: string;
  keys: string[];
  nav?: Record<string, string>;
  /** Column names that OData spells differently (Companies: Company -> Company1). */
  odataNames?: Record<string, string>;
}

export interface KineticService {
  main: string;
  sets: Record<string, KineticSet>;
  otherSets: string[];
  tableset: string[];
  methods: Record<string, { params: ParamSpec[]; get?: boolean }>;
  otherMethods: string[];
}

export interface KineticSchema {
  source: { repository: string; commit: string; note: string };
  services: Record<string, KineticService>;
  rows: Record<string, Record<string, 'string' | 'number' | 'boolean' | 'date'>>;
}

export const kinetic = raw as unknown as KineticSchema;

/** The schema only says "number"; these hold whole numbers and are stored as such (the rest are decimals). */
const INT_COLUMNS = new Set([
  'CustNum', 'BTCustNum', 'ShipToCustNum', 'ChangeTime', 'OrderNum', 'OrderLine', 'OrderRelNum', 'SeqNum', 'RMANum',
  'RMALine', 'InvoiceNum', 'InvoiceLine', 'InvoiceRef', 'SysRevID', 'CountryNum', 'OTSCountryNum',
]);

const cache = new Map<string, Schema>();

/** Column types of a row (table) as the simulator's OData and BO code use them. */
export function rowSchema(row: string): Schema {
  let schema = cache.get(row);
  if (schema) return schema;
  const columns = kinetic.rows[row];
  if (!columns) throw new Error(`kinetic-schema.json has no row type ${row}`);
  schema = {};
  for (const [name, type] of Object.entries(columns)) {
    const t: FieldType =
      type === 'boolean' ? 'bool' : type === 'date' ? 'datetime' : type === 'number' ? (INT_COLUMNS.has(name) ? 'int' : 'decimal') : 'string';
    schema[name] = t;
  }
  cache.set(row, schema);
  return schema;
}

export function kineticService(name: string): KineticService {
  const svc = kinetic.services[name];
  if (!svc) throw new Error(`kinetic-schema.json has no service ${name}`);
  return svc;
}

/** An entity set as the real server defines it; a simulator set the schema lacks is a bug in the simulator. */
export function kineticSet(service: string, set: string): KineticSet {
  const def = kineticService(service).sets[set];
  if (!def) throw new Error(`kinetic-schema.json has no entity set ${service}/${set}`);
  return def;
}

/** The OData type name the real server puts in its errors. */
export const rowTypeName = (row: string) => `Erp.Tablesets.${row}Row`;
