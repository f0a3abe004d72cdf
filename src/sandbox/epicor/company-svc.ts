import { rowSchema } from './kinetic';
import type { ServiceDef } from './service';

/** Erp.BO.CompanySvc: read-only Companies, one row per company the sim serves, keyed Company1 as OData spells it. */
export const companySvc: ServiceDef = {
  name: 'Erp.BO.CompanySvc',
  sets: {
    Companies: { table: (s) => s.companies, schema: rowSchema('Company'), keys: ['Company'] },
  },
  methods: {},
};
