import { partSchema, partWhseSchema } from './schema';
import type { ServiceDef } from './service';

/**
 * Erp.BO.PartSvc. Stock is served as the `PartWhses` entity set of this service (the simulator's
 * choice among PartWhseSearchSvc/PartSvc): Company, PartNum, Plant, WarehouseCode, OnHandQty, AllocatedQty,
 * with its own SysRevID, so a stock change does not move the Part's SysRevID or ChangedOn.
 */
export const partSvc: ServiceDef = {
  name: 'Erp.BO.PartSvc',
  sets: {
    Parts: {
      table: (s) => s.parts,
      schema: partSchema,
      keys: ['Company', 'PartNum'],
      nav: { PartWhses: { set: 'PartWhses', link: [['Company', 'Company'], ['PartNum', 'PartNum']] } },
    },
    PartWhses: {
      table: (s) => s.partWhses,
      schema: partWhseSchema,
      keys: ['Company', 'PartNum', 'Plant', 'WarehouseCode'],
    },
  },
  methods: {},
};
