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
  /** Free text ("USA"); the Country table's ISO code comes with the row as CountryISOCode. */
  Country?: string | null;
  CountryISOCode?: string | null;
  PhoneNum?: string | null;
  /** Epicor's "Web Customer" tick box: the default rule for which customers become store accounts. */
  WebCustomer?: boolean | null;
  GroupCode?: string | null;
  SysRevID?: string | number | null;
}

export const CUSTOMER_SELECT = [
  'CustNum',
  'CustID',
  'Name',
  'EMailAddress',
  'Address1',
  'Address2',
  'City',
  'State',
  'Zip',
  'Country',
  'CountryISOCode',
  'PhoneNum',
  'WebCustomer',
  'GroupCode',
  'SysRevID',
];

/**
 * Meta keys linking a Woo customer back to Epicor. No leading `_`: WooCommerce's customers REST controller
 * drops `_` keys on write and hides them on read, so such a link never lands on a real store.
 */
export const CUSTNUM_META_KEY = 'epicor_custnum';
export const CUSTID_META_KEY = 'epicor_custid';
/** The Epicor-owned values last written (JSON): the next cycle sends only what Epicor changed since. */
export const SYNCED_META_KEY = 'epicor_synced';

/**
 * The customer fields Epicor owns, as `billing.<field>`. Everything else on the account (names, e-mail,
 * shipping address, password) belongs to the shopper once the account exists.
 */
export const EPICOR_OWNED = ['company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'phone'] as const;
export type OwnedField = (typeof EPICOR_OWNED)[number];
export type OwnedValues = Record<OwnedField, string>;

export type CustomerPlan =
  | { kind: 'upsert'; key: string; email: string; emails: string[]; custNum: string; custId: string; owned: OwnedValues }
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
  const emails = emailsOf(c.EMailAddress);
  // The rejected text itself is not quoted: it is (nearly) an email address.
  if (emails.length === 0) return { kind: 'invalid', key, reason: (c.EMailAddress ?? '').trim() ? 'invalid email address' : 'no email address' };
  const owned: OwnedValues = {
    // Epicor's Name is the account (usually a company); it is never split into a person's first and last name.
    company: clean(c.Name),
    address_1: clean(c.Address1),
    address_2: clean(c.Address2),
    city: clean(c.City),
    state: clean(c.State),
    postcode: clean(c.Zip),
    country: countryCode(c.CountryISOCode, c.Country),
    phone: clean(c.PhoneNum),
  };
  return { kind: 'upsert', key, email: emails[0], emails, custNum: String(c.CustNum), custId: clean(c.CustID), owned };
}

/**
 * Epicor allows several addresses in EMailAddress ("a@x.com; b@x.com"). Every valid one, lower-cased, in
 * order: the first is the account of a new customer, any of them matches an existing one.
 */
export function emailsOf(value: string | null | undefined): string[] {
  const all = (value ?? '').split(/[;,\s]+/).filter((s) => EMAIL.test(s)).map((s) => s.toLowerCase());
  return [...new Set(all)];
}

/** The first valid address of an EMailAddress field. */
export function firstEmail(value: string | null | undefined): string | undefined {
  return emailsOf(value)[0];
}

/** Names Epicor installations commonly use where CountryISOCode is blank (no country row linked). */
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

/**
 * WooCommerce wants ISO 3166-1 alpha-2. Epicor's Country table holds it (Customer.CountryISOCode); the free
 * text Country is the fallback for a customer with no country row. Unknown names stay blank rather than wrong.
 */
export function countryCode(isoCode: string | null | undefined, country?: string | null): string {
  const iso = clean(isoCode).toUpperCase();
  if (/^[A-Z]{2}$/.test(iso)) return iso;
  const text = clean(country).toUpperCase();
  if (/^[A-Z]{2}$/.test(text)) return text;
  return COUNTRIES[text] ?? '';
}

const clean = (v: string | null | undefined): string => (v ?? '').trim();

type Meta = { key: string; value?: unknown }[] | undefined;

function metaValue(meta: Meta, key: string): string | undefined {
  const v = meta?.find((m) => m.key === key)?.value;
  return typeof v === 'string' ? v : undefined;
}

/** What the connector last wrote to this account, or undefined for an account it never wrote (or linked). */
export function lastSynced(meta: Meta): Partial<OwnedValues> | undefined {
  const raw = metaValue(meta, SYNCED_META_KEY);
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Partial<OwnedValues>) : undefined;
  } catch {
    return undefined;
  }
}

function linkMeta(plan: Extract<CustomerPlan, { kind: 'upsert' }>): { key: string; value: string }[] {
  return [
    { key: CUSTNUM_META_KEY, value: plan.custNum },
    { key: CUSTID_META_KEY, value: plan.custId },
    { key: SYNCED_META_KEY, value: JSON.stringify(plan.owned) },
  ];
}

/** A new store account: the Epicor-owned billing fields, the same address to ship to, and the link. */
export function createPayload(plan: Extract<CustomerPlan, { kind: 'upsert' }>): Record<string, unknown> {
  const { phone, ...address } = plan.owned;
  return {
    email: plan.email,
    billing: { ...plan.owned, email: plan.email },
    // Woo's shipping address has a phone since 5.6 but not every store shows it; keep it on billing only.
    shipping: address,
    meta_data: linkMeta(plan),
  };
}

/** The account as WooCommerce holds it, as far as this sync reads it. */
export interface WooCustomerView {
  billing?: Partial<Record<string, unknown>>;
  meta_data?: { key: string; value?: unknown }[];
}

/**
 * The update an existing account needs, or undefined when it needs none. Only fields whose Epicor value changed
 * since the connector last wrote them are sent, so a shopper's edit of an Epicor-owned field stands until Epicor
 * changes that same field, and fields Epicor does not own are never sent. An account the connector never wrote
 * (a shopper's own registration, or written before the link meta existed) gets the Epicor fields that differ
 * from what it holds, once, with the link.
 */
export function updatePayload(plan: Extract<CustomerPlan, { kind: 'upsert' }>, customer: WooCustomerView): Record<string, unknown> | undefined {
  const last = lastSynced(customer.meta_data);
  const billing: Partial<OwnedValues> = {};
  for (const field of EPICOR_OWNED) {
    const before = last ? last[field] : customer.billing?.[field];
    if ((before ?? '') !== plan.owned[field]) billing[field] = plan.owned[field];
  }
  const linked =
    last !== undefined &&
    metaValue(customer.meta_data, CUSTNUM_META_KEY) === plan.custNum &&
    metaValue(customer.meta_data, CUSTID_META_KEY) === plan.custId &&
    EPICOR_OWNED.every((f) => last[f] === plan.owned[f]);
  if (linked && Object.keys(billing).length === 0) return undefined;
  return { ...(Object.keys(billing).length ? { billing } : {}), meta_data: linkMeta(plan) };
}
