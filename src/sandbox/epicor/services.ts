import { customerSvc } from './customer-svc';
import { partSvc } from './part-svc';
import { arInvoiceSvc } from './ar-invoice-svc';
import { invcGrpSvc } from './invc-grp-svc';
import { kineticService, kineticSet, rowSchema } from './kinetic';
import { rmaProcSvc } from './rma-proc-svc';
import { salesOrderSvc } from './sales-order-svc';
import type { ServiceDef } from './service';

/**
 * Takes each simulated set's row type, key and columns and each method's parameters from the real Kinetic
 * schema; a set, navigation or method the schema lacks stops the simulator at load, because the real server
 * would answer it 404.
 */
function fromSchema(svc: ServiceDef): ServiceDef {
  const real = kineticService(svc.name);
  for (const [name, set] of Object.entries(svc.sets)) {
    const k = kineticSet(svc.name, name);
    set.row = k.row;
    set.keys = k.keys;
    set.schema = rowSchema(k.row);
    for (const nav of Object.keys(set.nav ?? {})) {
      if (!k.nav?.[nav]) throw new Error(`kinetic-schema.json has no navigation ${svc.name}/${name}/${nav}`);
    }
  }
  for (const [name, method] of Object.entries(svc.methods)) {
    const spec = real.methods[name];
    if (spec) {
      method.params = spec.params;
      method.verb = spec.get ? 'GET' : 'POST';
    } else if (!real.otherMethods.includes(name)) throw new Error(`kinetic-schema.json has no method ${svc.name}/${name}`);
  }
  return svc;
}

/** Simulated business objects, by lower-cased name (service names are case-insensitive). */
export const services: Record<string, ServiceDef> = Object.fromEntries(
  [partSvc, customerSvc, salesOrderSvc, rmaProcSvc, arInvoiceSvc, invcGrpSvc].map((s) => [s.name.toLowerCase(), fromSchema(s)]),
);
