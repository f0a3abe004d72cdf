import { toMinor } from './money';

/** The PartWhse columns the stock sync reads (on-hand and allocated quantity per part and warehouse). */
export interface EpicorPartWhse {
  PartNum: string;
  WarehouseCode: string;
  OnHandQty?: number | string | null;
  /** Quantity Epicor has allocated (reserved) to orders that have not shipped yet; still in OnHandQty. */
  AllocatedQty?: number | string | null;
  SysRevID?: string | number | null;
}

export const PART_WHSE_SELECT = ['PartNum', 'WarehouseCode', 'OnHandQty', 'AllocatedQty', 'SysRevID'];

/** Epicor quantities are decimal(22,8). */
const QTY_SCALE = 8;

/** True when a warehouse counts towards web stock: an empty list means every warehouse. */
export function countsAsStock(warehouseCode: string, warehouses: readonly string[]): boolean {
  return warehouses.length === 0 || warehouses.some((w) => w.toUpperCase() === warehouseCode.trim().toUpperCase());
}

/**
 * Sellable units for one part: the exact sum of available quantity (OnHandQty - AllocatedQty) over the counted
 * warehouses, rounded down to whole units (a fraction of a unit cannot be sold), never below zero (Epicor
 * allows negative on-hand after back-flushing; the web shop should just show "out of stock").
 *
 * Why not OnHandQty alone: WooCommerce takes stock off when an order is placed, Epicor's on-hand drops only at
 * shipment. Writing on-hand would put sold-but-unshipped units back on sale at every sync (oversell). What
 * Epicor has allocated to open orders is still on hand but no longer for sale. A missing AllocatedQty counts 0.
 */
export function stockQuantity(rows: readonly EpicorPartWhse[], warehouses: readonly string[]): number {
  let total = 0n;
  for (const row of rows) {
    if (!countsAsStock(row.WarehouseCode ?? '', warehouses)) continue;
    total += quantity(row.OnHandQty) - quantity(row.AllocatedQty);
  }
  if (total <= 0n) return 0;
  return Number(total / 10n ** BigInt(QTY_SCALE));
}

function quantity(qty: number | string | null | undefined): bigint {
  return qty === null || qty === undefined || qty === '' ? 0n : toMinor(qty, QTY_SCALE);
}

/** The stock fields WooCommerce needs (stock_quantity is ignored unless manage_stock is on). */
export function stockPayload(quantity: number): { manage_stock: true; stock_quantity: number } {
  return { manage_stock: true, stock_quantity: quantity };
}

/** Whether a product already shows this stock, so the write can be skipped. */
export function stockUnchanged(product: { manage_stock?: unknown; stock_quantity?: number | null }, quantity: number): boolean {
  return product.manage_stock === true && product.stock_quantity === quantity;
}
