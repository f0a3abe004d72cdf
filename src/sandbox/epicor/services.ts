import { customerSvc } from './customer-svc';
import { partSvc } from './part-svc';
import { arInvoiceSvc } from './ar-invoice-svc';
import { invcGrpSvc } from './invc-grp-svc';
import { rmaProcSvc } from './rma-proc-svc';
import { salesOrderSvc } from './sales-order-svc';
import type { ServiceDef } from './service';

/** Simulated business objects, by lower-cased name (service names are case-insensitive). */
export const services: Record<string, ServiceDef> = Object.fromEntries(
  [partSvc, customerSvc, salesOrderSvc, rmaProcSvc, arInvoiceSvc, invcGrpSvc].map((s) => [s.name.toLowerCase(), s]),
);
