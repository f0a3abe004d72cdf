import type { ActivityDeps } from '../deps';
import { f, type EpicorClient } from '../../epicor';
import { PART_WHSE_SELECT, stockQuantity, type EpicorPartWhse, type StockLevel } from '../../mapping/stock';
import { allRows } from './changed-rows';
import { webUnitsNotInEpicor } from './web-demand';

export const PART_SERVICE = 'Erp.BO.PartSvc';
export const PART_WHSE_SET = 'PartWhses';

/** PartNums per `PartNum eq a or PartNum eq b ...` filter: keeps URLs well under server limits. */
const PARTS_PER_QUERY = 20;

/** Current sellable quantity of each part, over the configured warehouses (empty = all). */
export async function stockLevels(epicor: EpicorClient, partNums: string[], warehouses: readonly string[], pageSize: number): Promise<Map<string, number>> {
  const unique = [...new Set(partNums)];
  const rowsByPart = new Map<string, EpicorPartWhse[]>(unique.map((p) => [p, []]));
  for (let i = 0; i < unique.length; i += PARTS_PER_QUERY) {
    const chunk = unique.slice(i, i + PARTS_PER_QUERY);
    const rows = await allRows<EpicorPartWhse>(epicor, PART_SERVICE, PART_WHSE_SET, f.in('PartNum', chunk), PART_WHSE_SELECT, pageSize);
    for (const r of rows) rowsByPart.get(r.PartNum)?.push(r);
  }
  return new Map(unique.map((p) => [p, stockQuantity(rowsByPart.get(p) ?? [], warehouses)]));
}

/** Epicor's free quantity and the web orders it does not have yet, per part: what `stockPayload` needs. */
export async function sellableLevels(deps: Pick<ActivityDeps, 'epicor' | 'woo' | 'config'>, partNums: string[]): Promise<Map<string, StockLevel>> {
  const { epicor, config } = deps;
  const free = await stockLevels(epicor, partNums, config.sync.stockWarehouses, config.epicor.pageSize);
  const pending = await webUnitsNotInEpicor(deps, [...free.keys()]);
  return new Map([...free].map(([p, epicorQty]) => [p, { epicor: epicorQty, webPending: pending.get(p) ?? 0 }]));
}
