import type { ActivityDeps } from '../deps';
import { storedHash } from '../../mapping/content-hash';
import { CUSTOMER_SELECT, customerKey, customerPayload, planCustomer, type CustomerPlan, type EpicorCustomer } from '../../mapping/customer-to-customer';
import type { CustomerWrite } from '../../woocommerce';
import { changedRows } from './changed-rows';
import type { EntitySync, PagePlan } from './cycle';
import { toOutcomes } from './parts';
import { mapLimit } from './woo-lookup';

export const CUSTOMER_SERVICE = 'Erp.BO.CustomerSvc';
export const CUSTOMERS_SET = 'Customers';

/** Parallel email lookups per page: WooCommerce has no multi-email filter (reference §3.5). */
const LOOKUP_CONCURRENCY = 4;

/**
 * Epicor customers -> Woo customers, matched by email across every role (`role=all`), so a shop manager who
 * also buys is updated instead of hitting "email exists". Always over SysRevID: Customer.ChangeDate is
 * date-only (reference §4).
 */
export function customersSync(deps: ActivityDeps): EntitySync<EpicorCustomer, CustomerWrite> {
  const { epicor, woo, config } = deps;
  return {
    entity: 'customers',
    pages: (watermark) =>
      changedRows<EpicorCustomer & Record<string, unknown>>(epicor, {
        service: CUSTOMER_SERVICE,
        entitySet: CUSTOMERS_SET,
        select: CUSTOMER_SELECT,
        cursor: 'SysRevID',
        key: 'CustNum',
        watermark,
        pageSize: config.epicor.pageSize,
      }),
    keyOf: customerKey,

    async plan(rows) {
      const plan: PagePlan<CustomerWrite> = { read: rows.length, writes: [], unchanged: [], invalid: [] };
      const byEmail = new Map<string, Extract<CustomerPlan, { kind: 'upsert' }>>();
      for (const row of rows) {
        const p = planCustomer(row);
        if (p.kind === 'invalid') {
          plan.invalid.push({ key: p.key, reason: p.reason });
          continue;
        }
        const earlier = byEmail.get(p.email);
        // Two Epicor customers with one email map to one WordPress user: the newer row wins, the other is reported.
        if (earlier) plan.invalid.push({ key: earlier.key, reason: `same email address as ${p.key}, which wins` });
        byEmail.set(p.email, p);
      }
      const plans = [...byEmail.values()];
      const found = await mapLimit(plans, LOOKUP_CONCURRENCY, (p) => woo.findCustomerByEmail(p.email));
      plans.forEach((p, i) => {
        const customer = found[i];
        const payload = customerPayload(p);
        // Keyed by CustID/CustNum, never the email (see customerKey).
        if (customer && storedHash(customer) === p.hash) plan.unchanged.push(p.key);
        else if (customer) {
          // The email is the key and already right; sending it again is refused for non-customer roles.
          const { email: _email, ...rest } = payload;
          plan.writes.push({ key: p.key, action: 'update', item: { ...rest, id: customer.id, email: p.email } });
        } else plan.writes.push({ key: p.key, action: 'create', item: { ...payload, email: p.email } });
      });
      return plan;
    },

    async write(writes) {
      const items = writes.map((w) => {
        if (w.action === 'create') return w.item;
        // CustomerWrite needs `email` as its key, but an update must not send it (see above).
        const { email: _email, ...rest } = w.item;
        return rest as CustomerWrite;
      });
      return toOutcomes(await woo.upsertCustomers(items));
    },
  };
}
