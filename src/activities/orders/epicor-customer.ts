import type { ActivityDeps } from '../deps';
import { f } from '../../epicor/odata';
import type { WooOrder } from '../../woocommerce/types';
import { guard, permanent } from './failures';

const CUSTOMERS = ['Erp.BO.CustomerSvc', 'Customers'] as const;
const SELECT = ['CustNum', 'CustID', 'CreditHold', 'EMailAddress', 'CurrencyCode'];

export interface CustomerRow {
  CustNum: number;
  CustID: string;
  CreditHold?: boolean;
  CurrencyCode?: string;
}

export interface OrderActivityOptions {
  /**
   * Park a new order (CurrencyMismatch) whose Woo `currency` differs from the Epicor customer's CurrencyCode.
   * Off by default: the prices are taken from Woo as they are, and the demo store (EUR) sells to Epicor demo
   * customers in USD, so switching it on would park every demo order. ORDER_CHECK_CURRENCY=1 turns it on for
   * stores whose customers carry their real currency.
   */
  checkCurrency?: boolean;
}

type CustomerSource = Pick<WooOrder, 'billing' | 'customer_id'>;

/**
 * The Epicor customer a Woo order belongs to, found without writing anything: by billing email, else the web
 * customer, else (ORDER_GUEST_MODE=create) the customer the import creates, by its derived CustID. `createAs`
 * is set when that customer does not exist yet. Shared by resolveCustomer and the PONum ownership check.
 */
export function createCustomerLookup({ config, epicor }: Pick<ActivityDeps, 'config' | 'epicor'>) {
  const byEmail = async (email: string) =>
    (await epicor.query<CustomerRow>(...CUSTOMERS, { filter: f.eq('EMailAddress', email), select: SELECT, orderBy: ['CustNum'], top: 1 }))[0];
  const byCustId = async (custId: string) =>
    (await epicor.query<CustomerRow>(...CUSTOMERS, { filter: f.eq('CustID', custId), select: SELECT, top: 1 }))[0];

  return async function lookupCustomer(order: CustomerSource): Promise<{ row?: CustomerRow; via: ResolvedCustomer['via']; createAs?: string }> {
    const email = order.billing.email?.trim();
    const registered = order.customer_id !== 0;
    if (email && (registered || config.orders.guestMode === 'create')) {
      const found = (await byEmail(email)) ?? (email !== email.toLowerCase() ? await byEmail(email.toLowerCase()) : undefined);
      if (found) return { row: found, via: 'email' };
    }
    if (config.orders.guestMode === 'web-customer' || !email) {
      const web = await byCustId(config.orders.guestCustId);
      if (!web) throw permanent('CustomerMissing', `web customer ${config.orders.guestCustId} (ORDER_GUEST_CUSTID) does not exist in Epicor`);
      return { row: web, via: 'web-customer' };
    }
    // CustID derived from the email, so a retry after a lost answer finds (or collides with) the same row.
    const custId = webCustId(email);
    const existing = await byCustId(custId);
    return existing ? { row: existing, via: 'created' } : { via: 'created', createAs: custId };
  };
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
export function createCustomerActivities({ config, epicor, woo }: ActivityDeps, options: OrderActivityOptions = {}) {
  const lookupCustomer = createCustomerLookup({ config, epicor });

  return {
    /** `wooOrder`: its id, or the order the import pass already read (one Woo read per pass). */
    async resolveCustomer(wooOrder: number | WooOrder): Promise<ResolvedCustomer> {
      return guard(async () => {
        const order = typeof wooOrder === 'number' ? await woo.getOrder(wooOrder) : wooOrder;
        const accept = (row: CustomerRow, via: ResolvedCustomer['via']): ResolvedCustomer => {
          if (row.CreditHold) throw permanent('CreditHold', `Epicor customer ${row.CustID} is on credit hold`);
          // Epicor prices the order in the customer's currency; Woo amounts in another one would be booked as is.
          if (options.checkCurrency && row.CurrencyCode && order.currency && row.CurrencyCode.toUpperCase() !== order.currency.toUpperCase()) {
            throw permanent('CurrencyMismatch', `Woo order is in ${order.currency}, Epicor customer ${row.CustID} in ${row.CurrencyCode}`);
          }
          return { custNum: row.CustNum, custId: row.CustID, via };
        };
        const found = await lookupCustomer(order);
        if (found.row) return accept(found.row, found.via);
        const custId = found.createAs!;
        const email = order.billing.email!.trim();
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
