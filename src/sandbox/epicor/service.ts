import type { Context } from 'hono';
import type { QueryOptions } from './odata-query';
import type { Row, Schema } from './schema';
import type { Store, Table } from './store';

/** Everything a BO handler needs for one request. */
export interface Ctx {
  c: Context;
  store: Store;
  company: string;
  user: string;
  params: Map<string, string>;
  options: SimBehaviour;
}

/** Behaviour switches for the quirks marked [U] in the reference; defaults are the stricter reading. */
export interface SimBehaviour extends QueryOptions {
  /** MasterUpdate of an OrderDtl whose SellingQuantity did not come from ChangeSellingQuantity is refused. */
  requireChangeSellingQuantity: boolean;
}

export interface EntitySetDef {
  table(store: Store): Table;
  /** Rows of a shared table that belong to this set (OHOrderMscs vs OrderMscs). */
  where?(row: Row): boolean;
  schema: Schema;
  /** Row type in the Kinetic schema (`OrderHed` for SalesOrders); set from kinetic-schema.json by services.ts. */
  row?: string;
  /** Primary key, Company first, in the order positional keys are written: Parts('EPIC06','P1'). */
  keys: string[];
  /** Navigation properties: `Parts('EPIC06','P1')/PartWhses`, `$expand=OrderDtls`. */
  nav?: Record<string, { set: string; link: [parentField: string, childField: string][] }>;
  /** POST to the set (UpdateExt): answers 201 with the created row. */
  create?(ctx: Ctx, body: Row): Row;
  /** PATCH a keyed row: answers 204. */
  patch?(ctx: Ctx, row: Row, body: Row): void;
}

export interface MethodDef {
  /** Read-only BO methods are GET with query parameters; everything else is POST with a JSON body. */
  verb: 'GET' | 'POST';
  /** Parameters the real signature has (kinetic-schema.json); every one without `false` must be sent. */
  params?: [name: string, type: string, required?: false][];
  run(ctx: Ctx, input: Row): unknown;
}

export interface ServiceDef {
  name: string;
  sets: Record<string, EntitySetDef>;
  methods: Record<string, MethodDef>;
}
