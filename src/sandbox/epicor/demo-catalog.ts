import type { SimSeed } from './types';
export function demoCatalog(_opts: { parts?: number; customers?: number } = {}): Required<SimSeed> {
  return { parts: [], customers: [], warehouses: [] };
}
