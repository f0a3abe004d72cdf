import { toMinor } from './money';

/** The PartWhse columns the stock sync reads (on-hand and allocated quantity per part and warehouse). */
export interface EpicorPartWhse {
  PartNum: string;
  WarehouseCode: string;
  OnHandQty?: number | string | null;
  /** Quantity Epicor has allocated (reserved) to orders that have not shipped yet; still in OnHandQty. */
  AllocatedQty?: number | string | null;
  /** Open demand of order releases not yet shipped, allocated or not: an imported web order shows here at once. */
  DemandQty?: number | string | null;
  SysRevID?: string | number | null;
}

export const PART_WHSE_SELECT = ['PartNum', 'WarehouseCode', 'OnHandQty', 'AllocatedQty', 'DemandQty', 'SysRevID'];

/**
 * Product meta holding the Epicor figure (stockQuantity) the connector's last stock write was based on. Products
 * keep `_` meta (only customers drop it), and the underscore keeps it out of wp-admin's custom fields box.
 */
export const STOCK_BASIS_META_KEY = '_epicor_stock_basis';

/** Epicor quantities are decimal(22,8). */
const QTY_SCALE = 8;

/** True when a warehouse counts towards web stock: an empty list means every warehouse. */
export function countsAsStock(warehouseCode: string, warehouses: readonly string[]): boolean {
  return warehouses.length === 0 || warehouses.some((w) => w.toUpperCase() === warehouseCode.trim().toUpperCase());
}

/**
 * Units Epicor has free for one part: the exact sum over the counted warehouses of OnHandQty minus what open
 * orders hold, rounded down to whole units (a fraction of a unit cannot be sold), never below zero (Epicor
 * allows negative on-hand after back-flushing; the web shop should just show "out of stock").
 *
 * What open orders hold is the larger of AllocatedQty and DemandQty: allocated units are still on hand but
 * sold, and an order Epicor has not allocated yet (an imported web order, typically) is only in DemandQty.
 * Web orders Epicor does not have at all are taken off by `sellable`. Missing quantities count 0.
 */
export function stockQuantity(rows: readonly EpicorPartWhse[], warehouses: readonly string[]): number {
  let total = 0n;
  for (const row of rows) {
    if (!countsAsStock(row.WarehouseCode ?? '', warehouses)) continue;
    const allocated = quantity(row.AllocatedQty);
    const demand = quantity(row.DemandQty);
    total += quantity(row.OnHandQty) - (demand > allocated ? demand : allocated);
  }
  if (total <= 0n) return 0;
  return Number(total / 10n ** BigInt(QTY_SCALE));
}

function quantity(qty: number | string | null | undefined): bigint {
  return qty === null || qty === undefined || qty === '' ? 0n : toMinor(qty, QTY_SCALE);
}

/** Units the store may sell: what Epicor has free minus the web orders WooCommerce took that Epicor does not have yet. */
export function sellable(epicorFree: number, webUnitsNotInEpicor: number): number {
  return Math.max(0, epicorFree - webUnitsNotInEpicor);
}

/** Epicor's figure and the web orders it does not know yet, for one part. */
export interface StockLevel {
  epicor: number;
  webPending: number;
}

/** The stock fields WooCommerce needs (stock_quantity is ignored unless manage_stock is on), with their basis. */
export function stockPayload(level: StockLevel): { manage_stock: true; stock_quantity: number; meta_data: { key: string; value: string }[] } {
  return {
    manage_stock: true,
    stock_quantity: sellable(level.epicor, level.webPending),
    meta_data: [{ key: STOCK_BASIS_META_KEY, value: String(level.epicor) }],
  };
}

/** A product body with the stock fields added, its meta entries kept. */
export function withStock<T extends object>(item: T, level: StockLevel): T {
  const stock = stockPayload(level);
  const existing = (item as { meta_data?: unknown }).meta_data;
  const meta = Array.isArray(existing) ? existing : [];
  return { ...item, ...stock, meta_data: [...meta, ...stock.meta_data] };
}

export type StockDecision = 'unchanged' | 'write' | 'hold';

/**
 * What the stock loop does with a product. Lowering is always safe. Raising is done only when Epicor's own
 * figure moved since the last write (goods received, an order cancelled or shipped short...): WooCommerce
 * takes units off the moment a shopper pays, so a higher target with an unmoved Epicor figure can only mean a
 * sale neither side has caught up with yet (e.g. one placed while this cycle read the open orders). `hold`
 * leaves the store as it is; the nightly reconcile (`stockTarget` only) puts right what is really stale.
 */
export function stockDecision(product: { manage_stock?: unknown; stock_quantity?: number | null; meta_data?: { key: string; value?: unknown }[] }, level: StockLevel): StockDecision {
  const target = sellable(level.epicor, level.webPending);
  if (product.manage_stock !== true || typeof product.stock_quantity !== 'number') return 'write';
  if (product.stock_quantity === target) return 'unchanged';
  if (target < product.stock_quantity) return 'write';
  const basis = product.meta_data?.find((m) => m.key === STOCK_BASIS_META_KEY)?.value;
  return basis === String(level.epicor) ? 'hold' : 'write';
}

/** Whether a product already shows this stock, so the write can be skipped. */
export function stockUnchanged(product: { manage_stock?: unknown; stock_quantity?: number | null }, quantity: number): boolean {
  return product.manage_stock === true && product.stock_quantity === quantity;
}
