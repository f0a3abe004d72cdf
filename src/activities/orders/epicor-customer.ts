import type { ActivityDeps } from '../deps';
import { readAll } from '../../epicor';
import { f } from '../../epicor/odata';
import { isSelected } from '../../mapping/customer-selection';
import { CUSTNUM_META_KEY, emailsOf } from '../../mapping/customer-to-customer';
import { WooError } from '../../woocommerce/errors';
import { parseAs } from '../../woocommerce/parse';
import { customerSchema, type WooCustomer, type WooOrder } from '../../woocommerce/types';
import { guard, permanent } from './failures';

const CUSTOMERS = ['Erp.BO.CustomerSvc', 'Customers'] as const;
const SELECT = ['CustNum', 'CustID', 'CreditHold', 'EMailAddress', 'CurrencyCode', 'WebCustomer', 'GroupCode'];

export interface CustomerRow {
  CustNum: number;
  CustID: string;
  CreditHold?: boolean;
  CurrencyCode?: string;
  EMailAddress?: string | null;
  WebCustomer?: boolean | null;
  GroupCode?: string | null;
}

export interface OrderActivityOptions {
  /**
   * Park a new order (CurrencyMismatch) whose Woo `currency` differs from the Epicor customer's CurrencyCode:
   * Epicor would book the Woo amounts as if they were in the customer's currency. ORDER_CHECK_CURRENCY, on by
   * default, off in the sandbox (the demo store sells in EUR to simulated customers in USD).
   */
  checkCurrency?: boolean;
}

type CustomerSource = Pick<WooOrder, 'billing' | 'customer_id'>;

/**
 * The Epicor customer a Woo order belongs to, found without writing anything; nothing the shopper types at the
 * checkout chooses it (docs/order-customer-and-ship-to.md):
 * - a registered shopper (`customer_id` > 0) gets the Epicor customer the customer sync linked the account to
 *   (meta `epicor_custnum`); an account not linked yet gets the Epicor customer whose EMailAddress holds the
 *   account's own e-mail, among the customers the sync would link (SYNC_CUSTOMERS_SELECT), so a B2B account the
 *   store never shows stays out of reach; the billing e-mail is never looked up;
 * - everyone else goes to the web customer (ORDER_GUEST_CUSTID), or with ORDER_GUEST_MODE=create to the
 *   customer the import creates, by a CustID derived from the e-mail (`createAs` when it does not exist yet).
 * Shared by resolveCustomer and the PONum ownership check.
 */
export function createCustomerLookup({ config, epicor, woo }: Pick<ActivityDeps, 'config' | 'epicor' | 'woo'>) {
  const byCustId = async (custId: string) =>
    (await epicor.query<CustomerRow>(...CUSTOMERS, { filter: f.eq('CustID', custId), select: SELECT, top: 1 }))[0];
  const byCustNum = async (custNum: number) =>
    (await epicor.query<CustomerRow>(...CUSTOMERS, { filter: f.eq('CustNum', custNum), select: SELECT, top: 1 }))[0];
  /** EMailAddress may hold several addresses ("a@x.com; b@x.com"): found by substring, kept when one is exactly it. */
  const byAccountEmail = async (email: string) => {
    const rows = await readAll<CustomerRow>(epicor, ...CUSTOMERS, { filter: f.contains('EMailAddress', email), select: SELECT, orderBy: ['CustNum'] });
    return rows.find((r) => emailsOf(r.EMailAddress).includes(email) && isSelected(r, config.sync.customers.select));
  };
  const accountOf = async (id: number): Promise<WooCustomer | undefined> => {
    try {
      const res = await woo.request<unknown>('GET', `/customers/${id}`);
      return parseAs(customerSchema, res.body, 'a customer');
    } catch (err) {
      // A deleted account: its orders are guest orders now.
      if (err instanceof WooError && err.category === 'not-found') return undefined;
      throw err;
    }
  };

  return async function lookupCustomer(order: CustomerSource): Promise<{ row?: CustomerRow; via: ResolvedCustomer['via']; createAs?: { custId: string; email: string } }> {
    const account = order.customer_id > 0 ? await accountOf(order.customer_id) : undefined;
    if (account) {
      const link = linkedCustNum(account);
      if (link !== undefined) {
        const row = await byCustNum(link);
        if (!row) {
          throw permanent(
            'CustomerMissing',
            `Woo customer ${account.id} is linked to Epicor CustNum ${link} (meta ${CUSTNUM_META_KEY}), which does not exist; correct or delete the link on the Woo customer, then send the retry signal`,
          );
        }
        return { row, via: 'linked' };
      }
      const own = emailsOf(account.email)[0];
      const row = own ? await byAccountEmail(own) : undefined;
      if (row) return { row, via: 'email' };
    }
    const email = (account?.email || order.billing.email || '').trim();
    if (config.orders.guestMode === 'web-customer' || !email) {
      const web = await byCustId(config.orders.guestCustId);
      if (!web) throw permanent('CustomerMissing', `web customer ${config.orders.guestCustId} (ORDER_GUEST_CUSTID) does not exist in Epicor`);
      return { row: web, via: 'web-customer' };
    }
    // CustID derived from the email, so a retry after a lost answer finds (or collides with) the same row.
    const custId = webCustId(email);
    const existing = await byCustId(custId);
    return existing ? { row: existing, via: 'created' } : { via: 'created', createAs: { custId, email } };
  };
}

/** The Epicor CustNum the customer sync wrote on the Woo account, if any. */
export function linkedCustNum(account: Pick<WooCustomer, 'meta_data'>): number | undefined {
  const value = account.meta_data.find((m) => m.key === CUSTNUM_META_KEY)?.value;
  const n = Number(typeof value === 'string' ? value.trim() : value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export interface ResolvedCustomer {
  custNum: number;
  custId: string;
  /** How it was found, for the workflow result and logs. */
  via: 'linked' | 'email' | 'web-customer' | 'created';
}

/**
 * Woo order -> Epicor customer (see createCustomerLookup). A customer on credit hold is a permanent failure:
 * the order waits, parked, until someone lifts the hold and sends `retry`.
 */
export function createCustomerActivities({ config, epicor, woo }: ActivityDeps, options: OrderActivityOptions = {}) {
  const lookupCustomer = createCustomerLookup({ config, epicor, woo });

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
        const { custId, email } = found.createAs!;
        const b = order.billing;
        const name = [b.first_name, b.last_name].filter(Boolean).join(' ').trim() || b.company || email;
        const countryNum = config.orders.countryNums[(b.country ?? '').trim().toUpperCase()];
        const created = await epicor.create<CustomerRow>(...CUSTOMERS, {
          CustID: custId,
          Name: name,
          EMailAddress: email.toLowerCase(),
          Address1: b.address_1 ?? '',
          Address2: b.address_2 ?? '',
          City: b.city ?? '',
          State: b.state ?? '',
          Zip: b.postcode ?? '',
          Country: b.country ?? '',
          // Its own ship-to (ShipToNum '') then matches orders shipping to the billing address (order-ship-to.ts).
          ...(countryNum !== undefined ? { CountryNum: countryNum } : {}),
          PhoneNum: b.phone ?? '',
          // A shopper's own customer ships wherever the shopper asks: one-time ship-to addresses are its normal case.
          AllowOTS: true,
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
