import type { ActivityDeps } from '../deps';
import { isSelected } from '../../mapping/customer-selection';
import { CUSTOMER_SELECT, createPayload, customerKey, planCustomer, updatePayload, type CustomerPlan, type EpicorCustomer } from '../../mapping/customer-to-customer';
import type { CustomerWrite, WooCustomer } from '../../woocommerce';
import { webCustId } from '../orders/epicor-customer';
import { changedRows } from './changed-rows';
import type { EntitySync, PagePlan } from './cycle';
import { toOutcomes } from './parts';
import { mapLimit } from './woo-lookup';

export const CUSTOMER_SERVICE = 'Erp.BO.CustomerSvc';
export const CUSTOMERS_SET = 'Customers';

/** Parallel email lookups per page: WooCommerce has no multi-email filter (reference §3.5). */
const LOOKUP_CONCURRENCY = 4;

type Upsert = Extract<CustomerPlan, { kind: 'upsert' }>;

/**
 * Epicor customers -> Woo customers, matched by any of their e-mail addresses across every role (`role=all`),
 * so a shop manager who also buys is updated instead of hitting "email exists". Always over SysRevID:
 * Customer.ChangeDate is date-only (reference §4).
 *
 * Only the selected customers (SYNC_CUSTOMERS_SELECT) are considered; accounts are created only with
 * SYNC_CUSTOMERS_CREATE (WooCommerce e-mails every new account), and never for a customer the order import made
 * from a guest checkout (CustID = webCustId(email)): that shopper chose not to register.
 */
export function customersSync(deps: ActivityDeps): EntitySync<EpicorCustomer, CustomerWrite> {
  const { epicor, woo, config } = deps;
  const { select, create } = config.sync.customers;
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
      const byEmail = new Map<string, Upsert>();
      for (const row of rows) {
        if (!isSelected(row, select)) {
          plan.unchanged.push(customerKey(row));
          continue;
        }
        const p = planCustomer(row);
        if (p.kind === 'invalid') {
          plan.invalid.push({ key: p.key, reason: p.reason });
          continue;
        }
        if (p.custId.toUpperCase() === webCustId(p.email)) {
          plan.unchanged.push(p.key);
          continue;
        }
        const earlier = byEmail.get(p.email);
        // Two Epicor customers with one email map to one WordPress user: the newer row wins, the other is reported.
        if (earlier) plan.invalid.push({ key: earlier.key, reason: `same email address as ${p.key}, which wins` });
        byEmail.set(p.email, p);
      }
      const plans = [...byEmail.values()];
      const found = await mapLimit(plans, LOOKUP_CONCURRENCY, (p) => findAccount(p.emails));
      plans.forEach((p, i) => {
        const customer = found[i];
        // Keyed by CustID/CustNum, never the email (see customerKey).
        if (customer) {
          const update = updatePayload(p, customer);
          // `email` is only CustomerWrite's key here: write() leaves it out of an update (see there).
          if (update) plan.writes.push({ key: p.key, action: 'update', item: { ...update, id: customer.id, email: customer.email } });
          else plan.unchanged.push(p.key);
        } else if (create) plan.writes.push({ key: p.key, action: 'create', item: createPayload(p) as CustomerWrite });
        else plan.unchanged.push(p.key);
      });
      return plan;
    },

    async write(writes) {
      const items = writes.map((w) => {
        if (w.action === 'create') return w.item;
        // The email is the key and already right; sending it again is refused for non-customer roles.
        const { email: _email, ...rest } = w.item;
        return rest as CustomerWrite;
      });
      return toOutcomes(await woo.upsertCustomers(items));
    },
  };

  /** The store account of any of the customer's addresses, the first address first. */
  async function findAccount(emails: string[]): Promise<WooCustomer | undefined> {
    for (const email of emails) {
      const found = await woo.findCustomerByEmail(email);
      if (found) return found;
    }
    return undefined;
  }
}
