import { contentHash, SYNC_HASH_META_KEY } from './content-hash';

/** The Customer columns the sync reads (`Erp.BO.CustomerSvc/Customers`). */
export interface EpicorCustomer {
  CustNum: number;
  CustID: string;
  Name?: string | null;
  EMailAddress?: string | null;
  Address1?: string | null;
  Address2?: string | null;
  City?: string | null;
  State?: string | null;
  Zip?: string | null;
  Country?: string | null;
  PhoneNum?: string | null;
  SysRevID?: string | number | null;
}

export const CUSTOMER_SELECT = ['CustNum', 'CustID', 'Name', 'EMailAddress', 'Address1', 'Address2', 'City', 'State', 'Zip', 'Country', 'PhoneNum', 'SysRevID'];

/** Meta keys linking a Woo customer back to Epicor. */
export const CUSTNUM_META_KEY = '_epicor_custnum';
export const CUSTID_META_KEY = '_epicor_custid';

export interface WooAddressFields {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  phone: string;
  email?: string;
}

export interface CustomerFields {
  email: string;
  first_name: string;
  last_name: string;
  billing: WooAddressFields & { email: string };
  shipping: WooAddressFields;
  custNum: string;
  custId: string;
}

export type CustomerPlan =
  | { kind: 'upsert'; key: string; email: string; fields: CustomerFields; hash: string }
  | { kind: 'invalid'; key: string; reason: string };

const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;

/**
 * The key a customer is reported under, e.g. `customer C1006 (CustNum 107)`. Deliberately not the email:
 * reports go into workflow history, the status query and dry-run results, which must hold no personal data.
 */
export function customerKey(c: Pick<EpicorCustomer, 'CustID' | 'CustNum'>): string {
  const id = (c.CustID ?? '').trim();
  return id ? `customer ${id} (CustNum ${c.CustNum})` : `customer CustNum ${c.CustNum}`;
}

export function planCustomer(c: EpicorCustomer): CustomerPlan {
  const key = customerKey(c);
  const email = firstEmail(c.EMailAddress);
  // The rejected text itself is not quoted: it is (nearly) an email address.
  if (!email) return { kind: 'invalid', key, reason: (c.EMailAddress ?? '').trim() ? 'invalid email address' : 'no email address' };
  const name = (c.Name ?? '').trim();
  const { first, last } = splitName(name);
  const address: WooAddressFields = {
    first_name: first,
    last_name: last,
    company: name,
    address_1: clean(c.Address1),
    address_2: clean(c.Address2),
    city: clean(c.City),
    state: clean(c.State),
    postcode: clean(c.Zip),
    country: countryCode(c.Country),
    phone: clean(c.PhoneNum),
  };
  const { phone: _phone, ...shippingBase } = address;
  const fields: CustomerFields = {
    email,
    first_name: first,
    last_name: last,
    billing: { ...address, email },
    // Woo's shipping address has a phone since 5.6 but not every store shows it; keep it on billing only.
    shipping: { ...shippingBase, phone: '' },
    custNum: String(c.CustNum),
    custId: (c.CustID ?? '').trim(),
  };
  return { kind: 'upsert', key, email, fields, hash: contentHash(fields) };
}

/** Epicor allows several addresses in EMailAddress ("a@x.com; b@x.com"): the first one is the account. */
export function firstEmail(value: string | null | undefined): string | undefined {
  const first = (value ?? '').split(/[;,\s]+/).find((s) => s.length > 0);
  return first && EMAIL.test(first) ? first.toLowerCase() : undefined;
}

/**
 * Epicor has one Name (usually a company). Split on the first space: "Dalton Manufacturing Inc" gives
 * first "Dalton", last "Manufacturing Inc"; a single word goes to first_name. The full name also goes to
 * billing/shipping `company`, so nothing is lost.
 */
export function splitName(name: string): { first: string; last: string } {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const at = trimmed.indexOf(' ');
  return at < 0 ? { first: trimmed, last: '' } : { first: trimmed.slice(0, at), last: trimmed.slice(at + 1) };
}

const COUNTRIES: Record<string, string> = {
  USA: 'US',
  'UNITED STATES': 'US',
  'UNITED STATES OF AMERICA': 'US',
  CANADA: 'CA',
  MEXICO: 'MX',
  UK: 'GB',
  'UNITED KINGDOM': 'GB',
  'GREAT BRITAIN': 'GB',
  ENGLAND: 'GB',
  IRELAND: 'IE',
  GERMANY: 'DE',
  DEUTSCHLAND: 'DE',
  FRANCE: 'FR',
  NETHERLANDS: 'NL',
  SPAIN: 'ES',
  ITALY: 'IT',
  AUSTRALIA: 'AU',
  'NEW ZEALAND': 'NZ',
};

/** WooCommerce wants ISO 3166-1 alpha-2; Epicor's Country is free text. Unknown names stay blank rather than wrong. */
export function countryCode(country: string | null | undefined): string {
  const text = clean(country).toUpperCase();
  if (/^[A-Z]{2}$/.test(text)) return text;
  return COUNTRIES[text] ?? '';
}

const clean = (v: string | null | undefined): string => (v ?? '').trim();

/** The WooCommerce body for a customer, with the hash that lets the next cycle skip it. */
export function customerPayload(plan: Extract<CustomerPlan, { kind: 'upsert' }>): Record<string, unknown> {
  const { custNum, custId, ...fields } = plan.fields;
  return {
    ...fields,
    meta_data: [
      { key: CUSTNUM_META_KEY, value: custNum },
      { key: CUSTID_META_KEY, value: custId },
      { key: SYNC_HASH_META_KEY, value: plan.hash },
    ],
  };
}
