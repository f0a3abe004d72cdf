import type { ActivityDeps } from '../deps';
import { f } from '../../epicor/odata';
import { guard, permanent } from './failures';

const CUSTOMERS = ['Erp.BO.CustomerSvc', 'Customers'] as const;
const SELECT = ['CustNum', 'CustID', 'CreditHold', 'EMailAddress'];

interface CustomerRow {
  CustNum: number;
  CustID: string;
  CreditHold?: boolean;
}

export interface ResolvedCustomer {
  custNum: number;
  custId: string;
  /** How it was found, for the workflow result and logs. */
  via: 'email' | 'web-customer' | 'created';
}

/**
 * Woo billing email -> Epicor customer (EMailAddress). Guests and unknown emails go to the configured web
 * customer (ORDER_GUEST_MODE=web-customer) or get a new Epicor customer (create). A customer on credit hold
 * is a permanent failure: the order waits, parked, until someone lifts the hold and sends `retry`.
 */
export function createCustomerActivities({ config, epicor, woo }: ActivityDeps) {
  const byEmail = async (email: string) =>
    (await epicor.query<CustomerRow>(...CUSTOMERS, { filter: f.eq('EMailAddress', email), select: SELECT, orderBy: ['CustNum'], top: 1 }))[0];
  const byCustId = async (custId: string) =>
    (await epicor.query<CustomerRow>(...CUSTOMERS, { filter: f.eq('CustID', custId), select: SELECT, top: 1 }))[0];

  const accept = (row: CustomerRow, via: ResolvedCustomer['via']): ResolvedCustomer => {
    if (row.CreditHold) throw permanent('CreditHold', `Epicor customer ${row.CustID} is on credit hold`);
    return { custNum: row.CustNum, custId: row.CustID, via };
  };

  return {
    async resolveCustomer(wooOrderId: number): Promise<ResolvedCustomer> {
      return guard(async () => {
        const order = await woo.getOrder(wooOrderId);
        const email = order.billing.email?.trim();
        const registered = order.customer_id !== 0;
        if (email && (registered || config.orders.guestMode === 'create')) {
          const found = (await byEmail(email)) ?? (email !== email.toLowerCase() ? await byEmail(email.toLowerCase()) : undefined);
          if (found) return accept(found, 'email');
        }
        if (config.orders.guestMode === 'web-customer' || !email) {
          const web = await byCustId(config.orders.guestCustId);
          if (!web) throw permanent('CustomerMissing', `web customer ${config.orders.guestCustId} (ORDER_GUEST_CUSTID) does not exist in Epicor`);
          return accept(web, 'web-customer');
        }
        // CustID derived from the email, so a retry after a lost answer finds (or collides with) the same row.
        const custId = webCustId(email);
        const existing = await byCustId(custId);
        if (existing) return accept(existing, 'created');
        const b = order.billing;
        const name = [b.first_name, b.last_name].filter(Boolean).join(' ').trim() || b.company || email;
        const created = await epicor.create<CustomerRow>(...CUSTOMERS, {
          CustID: custId,
          Name: name,
          EMailAddress: email.toLowerCase(),
          Address1: b.address_1 ?? '',
          City: b.city ?? '',
          State: b.state ?? '',
          Zip: b.postcode ?? '',
          Country: b.country ?? '',
          PhoneNum: b.phone ?? '',
        });
        return accept(created, 'created');
      });
    },
  };
}

/** `W` + 9 base36 chars: fits Epicor's 10-character CustID and is the same for the same email. */
export function webCustId(email: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of Buffer.from(email.trim().toLowerCase(), 'utf8')) h = ((h ^ BigInt(ch)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return `W${h.toString(36).toUpperCase().padStart(9, '0').slice(-9)}`;
}
