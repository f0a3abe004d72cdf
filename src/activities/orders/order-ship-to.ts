import type { ActivityDeps } from '../deps';
import { readAll } from '../../epicor';
import { f } from '../../epicor/odata';
import { matchingShipTo, oneTimeShipTo, orderNotes, SHIP_TO_SELECT, shipAddressOf, shipViaFor, type EpicorShipTo } from '../../mapping/ship-to';
import type { WooOrder } from '../../woocommerce/types';
import { permanent } from './failures';

const CUSTOMER_SVC = 'Erp.BO.CustomerSvc';

/**
 * Where a new Epicor order ships, written into its OrderHed row before the header's MasterUpdate: the
 * customer's ShipTo whose address is the Woo shipping address, else a one-time ship-to (when the customer allows
 * one), plus the shopper's note, e-mail and the ShipVia mapped from the Woo shipping method. Rules:
 * docs/order-customer-and-ship-to.md. The address and e-mail go to Epicor only: the park reasons name the
 * customer and the fix, never the address.
 */
export function createShipToApplier({ config, epicor }: Pick<ActivityDeps, 'config' | 'epicor'>) {
  return async function applyShipping(hed: Record<string, unknown>, order: WooOrder, customer: { custNum: number; custId: string }): Promise<void> {
    Object.assign(hed, orderNotes(order));
    const shipVia = shipViaFor(order.shipping_lines, config.orders.shipVia);
    if (shipVia) hed.ShipViaCode = shipVia;

    const found = shipAddressOf(order);
    if (!found) return; // nothing to ship to (virtual goods without an address): the customer's own ship-to stays
    const { address } = found;
    const countryNum = address.country ? config.orders.countryNums[address.country] : undefined;
    // The web customer stands for every guest: its ship-tos are not a guest's, so a guest's address is one-time
    // without reading them (one Epicor call less on the commonest web order).
    const webCustomer = config.orders.guestMode === 'web-customer' && customer.custId.toUpperCase() === config.orders.guestCustId.toUpperCase();
    const shipTos = webCustomer ? [] : await readAll<EpicorShipTo>(epicor, CUSTOMER_SVC, 'ShipToes', { filter: f.eq('CustNum', customer.custNum), select: SHIP_TO_SELECT });
    const shipToNum = matchingShipTo(address, countryNum, shipTos);
    if (shipToNum !== undefined) {
      hed.ShipToNum = shipToNum;
      return;
    }
    if (address.country && countryNum === undefined) {
      throw permanent(
        'InvalidOrder',
        `the order ships to country ${address.country}, which has no Epicor CountryNum in ORDER_COUNTRY_NUMS; add ${address.country}=<CountryNum> (Country Maintenance), restart the worker, then send the retry signal`,
      );
    }
    // ChangeOrderHedCustomerCustID fills CustAllowOTS from the customer; a false there (perhaps only a default) is
    // confirmed on the customer itself before the order parks.
    const allowed =
      hed.CustAllowOTS === true ||
      (await epicor.query<{ AllowOTS?: boolean }>(CUSTOMER_SVC, 'Customers', { filter: f.eq('CustNum', customer.custNum), select: ['AllowOTS'], top: 1 }))[0]?.AllowOTS === true;
    if (!allowed) {
      throw permanent(
        'OneTimeShipToNotAllowed',
        `the order ships to an address that is none of Epicor customer ${customer.custId}'s ship-to addresses, and the customer does not allow one-time ship-to; ` +
          'tick "Allow One Time Ship To" (Customer.AllowOTS) on the customer or add the address as one of its ship-tos, then send the retry signal',
      );
    }
    Object.assign(hed, oneTimeShipTo(address, countryNum));
  };
}
