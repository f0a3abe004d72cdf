import { toMinor } from './money';

/** The PartWhse columns the stock sync reads (on-hand quantity per part and warehouse). */
export interface EpicorPartWhse {
  PartNum: string;
  WarehouseCode: string;
  OnHandQty?: number | string | null;
  SysRevID?: string | number | null;
}

export const PART_WHSE_SELECT = ['PartNum', 'WarehouseCode', 'OnHandQty', 'SysRevID'];

/** Epicor quantities are decimal(22,8). */
const QTY_SCALE = 8;

/** True when a warehouse counts towards web stock: an empty list means every warehouse. */
export function countsAsStock(warehouseCode: string, warehouses: readonly string[]): boolean {
  return warehouses.length === 0 || warehouses.some((w) => w.toUpperCase() === warehouseCode.trim().toUpperCase());
}

/**
 * Sellable units for one part: the exact sum of on-hand quantity over the counted warehouses, rounded down to
 * whole units (a fraction of a unit cannot be sold), never below zero (Epicor allows negative on-hand after
 * back-flushing; the web shop should just show "out of stock").
 */
export function stockQuantity(rows: readonly EpicorPartWhse[], warehouses: readonly string[]): number {
  let total = 0n;
  for (const row of rows) {
    if (!countsAsStock(row.WarehouseCode ?? '', warehouses)) continue;
    const qty = row.OnHandQty;
    if (qty === null || qty === undefined || qty === '') continue;
    total += toMinor(qty, QTY_SCALE);
  }
  if (total <= 0n) return 0;
  return Number(total / 10n ** BigInt(QTY_SCALE));
}

/** The stock fields WooCommerce needs (stock_quantity is ignored unless manage_stock is on). */
export function stockPayload(quantity: number): { manage_stock: true; stock_quantity: number } {
  return { manage_stock: true, stock_quantity: quantity };
}

/** Whether a product already shows this stock, so the write can be skipped. */
export function stockUnchanged(product: { manage_stock?: unknown; stock_quantity?: number | null }, quantity: number): boolean {
  return product.manage_stock === true && product.stock_quantity === quantity;
}
