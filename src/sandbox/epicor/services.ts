import { customerSvc } from './customer-svc';
import { partSvc } from './part-svc';
import type { ServiceDef } from './service';

/** Simulated business objects, by lower-cased name (service names are case-insensitive). */
export const services: Record<string, ServiceDef> = Object.fromEntries(
  [partSvc, customerSvc].map((s) => [s.name.toLowerCase(), s]),
);
