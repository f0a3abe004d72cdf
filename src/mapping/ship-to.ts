import type { WooAddress, WooOrder, WooShippingLine } from '../woocommerce/types';

/**
 * Where an Epicor order ships, from a Woo order (rules: docs/order-customer-and-ship-to.md). Pure functions:
 * the Epicor look-ups (the customer's ShipTo rows, Customer.AllowOTS) are in activities/orders/order-ship-to.ts.
 */

export interface ShipAddress {
  /** The person ("first last"), possibly empty. */
  person: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  postcode: string;
  /** ISO 3166-1 alpha-2, upper case, or '' when Woo has none. */
  country: string;
  phone: string;
}

/** The ShipTo columns the match reads (Erp.BO.CustomerSvc/ShipToes). */
export interface EpicorShipTo {
  ShipToNum: string;
  Address1?: string | null;
  Address2?: string | null;
  Address3?: string | null;
  City?: string | null;
  State?: string | null;
  ZIP?: string | null;
  CountryNum?: number | null;
}
export const SHIP_TO_SELECT = ['CustNum', 'ShipToNum', 'Address1', 'Address2', 'Address3', 'City', 'State', 'ZIP', 'CountryNum'];

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function addressOf(a: WooAddress | undefined, phoneFallback: string): ShipAddress {
  return {
    person: [text(a?.first_name), text(a?.last_name)].filter(Boolean).join(' '),
    company: text(a?.company),
    address1: text(a?.address_1),
    address2: text(a?.address_2),
    city: text(a?.city),
    state: text(a?.state),
    postcode: text(a?.postcode),
    country: text(a?.country).toUpperCase(),
    phone: text(a?.phone) || phoneFallback,
  };
}

/** An address a carrier can deliver to: a street line, or at least a town or postcode. */
const deliverable = (a: ShipAddress) => a.address1 !== '' || a.city !== '' || a.postcode !== '';

/**
 * The address the order ships to: Woo's shipping address; the billing address when the order has none (virtual
 * goods, or a store that hides the shipping form); undefined when neither holds an address, and the order
 * keeps the Epicor customer's own ship-to. The billing phone stands in when the shipping address has none
 * (WooCommerce only asks for a shipping phone when the store turns the field on).
 */
export function shipAddressOf(order: Pick<WooOrder, 'shipping' | 'billing'>): { address: ShipAddress; from: 'shipping' | 'billing' } | undefined {
  const billingPhone = text(order.billing?.phone);
  const shipping = addressOf(order.shipping, billingPhone);
  if (deliverable(shipping)) return { address: shipping, from: 'shipping' };
  const billing = addressOf(order.billing, billingPhone);
  if (deliverable(billing)) return { address: billing, from: 'billing' };
  return undefined;
}

/** Case, spacing and punctuation do not make two addresses different ("Main St." = "MAIN ST"). */
const norm = (v: unknown) =>
  String(v ?? '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const zip = (v: unknown) => norm(v).replace(/ /g, '');

/**
 * The customer's ShipToNum for this address, or undefined when none has it. Street lines, city, state, postcode
 * and country decide; the recipient's name does not (a ship-to is a place, whoever receives there). The
 * customer's own address is the ShipTo row with ShipToNum ''; it matches like any other.
 */
export function matchingShipTo(address: ShipAddress, countryNum: number | undefined, shipTos: EpicorShipTo[]): string | undefined {
  const street = norm([address.address1, address.address2].join(' '));
  const hit = shipTos.find(
    (s) =>
      norm([s.Address1, s.Address2, s.Address3].join(' ')) === street &&
      norm(s.City) === norm(address.city) &&
      norm(s.State) === norm(address.state) &&
      zip(s.ZIP) === zip(address.postcode) &&
      Number(s.CountryNum ?? 0) === (countryNum ?? 0),
  );
  return hit ? String(hit.ShipToNum ?? '') : undefined;
}

export const ONE_TIME_SHIP_TO_COLUMNS = [
  'UseOTS', 'OTSName', 'OTSContact', 'OTSAddress1', 'OTSAddress2', 'OTSAddress3', 'OTSCity', 'OTSState', 'OTSZIP', 'OTSCountryNum', 'OTSPhoneNum',
];

/**
 * OrderHed's one-time ship-to columns (ONE_TIME_SHIP_TO_COLUMNS). OTSName is who the carrier delivers to: the company when there is one
 * (the person then goes into OTSContact), else the person.
 */
export function oneTimeShipTo(address: ShipAddress, countryNum: number | undefined): Record<string, unknown> {
  return {
    UseOTS: true,
    OTSName: address.company || address.person,
    OTSContact: address.company ? address.person : '',
    OTSAddress1: address.address1,
    OTSAddress2: address.address2,
    OTSAddress3: '',
    OTSCity: address.city,
    OTSState: address.state,
    OTSZIP: address.postcode,
    ...(countryNum !== undefined ? { OTSCountryNum: countryNum } : {}),
    OTSPhoneNum: address.phone,
  };
}

/**
 * The Epicor ShipViaCode for the order's shipping method (ORDER_SHIP_VIA), or undefined to keep Epicor's
 * default (the customer's or ship-to's ShipVia). `method_id:instance_id` (one configured zone method, e.g.
 * `flat_rate:3`) wins over the bare `method_id`. The first shipping line with a mapping decides.
 */
export function shipViaFor(lines: Pick<WooShippingLine, 'method_id'>[], map: Record<string, string>): string | undefined {
  for (const line of lines) {
    const method = text(line.method_id);
    const instance = text((line as { instance_id?: unknown }).instance_id);
    const code = (instance && map[`${method}:${instance}`]) || map[method];
    if (code) return code;
  }
  return undefined;
}

/** The shopper's note and e-mail: Epicor's order comment and the delivery-notification address list. */
export function orderNotes(order: Pick<WooOrder, 'billing'> & { customer_note?: unknown }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const note = text(order.customer_note);
  if (note) out.OrderComment = note;
  const email = text(order.billing?.email);
  if (email) out.NotifyEMail = email;
  return out;
}

/**
 * `key=value` pairs separated by commas (`flat_rate=UPS,local_pickup=WILLCALL`); undefined when malformed.
 * Keys keep their case (Woo method ids are lower case, ISO codes are upper-cased by the caller).
 */
export function parsePairs(raw: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(part);
    if (!m) return undefined;
    out[m[1]] = m[2];
  }
  return out;
}

/** ORDER_COUNTRY_NUMS (`US=1,DE=5`): ISO code -> Epicor Country.CountryNum; undefined when malformed. */
export function parseCountryNums(raw: string): Record<string, number> | undefined {
  const pairs = parsePairs(raw);
  if (!pairs) return undefined;
  const out: Record<string, number> = {};
  for (const [iso, num] of Object.entries(pairs)) {
    if (!/^[A-Za-z]{2}$/.test(iso) || !/^\d+$/.test(num)) return undefined;
    out[iso.toUpperCase()] = Number(num);
  }
  return out;
}
