import { rowSchema } from './kinetic';

/**
 * Column types per table, from the real Kinetic schema (kinetic.ts). OData checks every
 * $filter/$select/$orderby name and literal against the entity type, so the simulator does too: an unknown
 * column or a string compared with a number is a 400 here as it is on the real server.
 */
export type FieldType = 'string' | 'int' | 'decimal' | 'bool' | 'datetime';
export type Schema = Record<string, FieldType>;
export type Row = Record<string, unknown>;

export const partSchema = rowSchema('Part');
export const partWhseSchema = rowSchema('PartWhse');
export const customerSchema = rowSchema('Customer');
export const shipToSchema = rowSchema('ShipTo');
export const orderHedSchema = rowSchema('OrderHed');
export const orderDtlSchema = rowSchema('OrderDtl');
export const orderMscSchema = rowSchema('OrderMsc');
export const ohOrderMscSchema = rowSchema('OHOrderMsc');
export const rmaHeadSchema = rowSchema('RMAHead');
export const rmaDtlSchema = rowSchema('RMADtl');
export const invcHeadSchema = rowSchema('InvcHead');
export const invcDtlSchema = rowSchema('InvcDtl');
export const invcGrpSchema = rowSchema('InvcGrp');
