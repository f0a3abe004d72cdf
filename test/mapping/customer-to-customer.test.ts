import { isSelected } from '../../src/mapping/customer-selection';
import {
  countryCode,
  createPayload,
  emailsOf,
  firstEmail,
  planCustomer,
  updatePayload,
  type EpicorCustomer,
} from '../../src/mapping/customer-to-customer';

const customer = (over: Partial<EpicorCustomer> = {}): EpicorCustomer => ({
  CustNum: 12,
  CustID: 'DALTON',
  Name: 'Dalton Manufacturing Inc',
  EMailAddress: 'Buyer@Dalton.example',
  Address1: '12 Mill Rd',
  City: 'Minneapolis',
  State: 'MN',
  Zip: '55401',
  Country: 'USA',
  CountryISOCode: 'US',
  PhoneNum: '555-0100',
  ...over,
});

function upsert(over: Partial<EpicorCustomer> = {}) {
  const plan = planCustomer(customer(over));
  if (plan.kind !== 'upsert') throw new Error(`expected upsert, got ${plan.reason}`);
  return plan;
}

/** An account as the connector left it after creating it from `plan`. */
function accountFrom(plan: ReturnType<typeof upsert>) {
  const body = createPayload(plan) as { billing: Record<string, string>; meta_data: { key: string; value: string }[] };
  return { billing: { ...body.billing }, meta_data: body.meta_data.map((m) => ({ ...m })) };
}

describe('planCustomer and createPayload', () => {
  it('puts the Epicor name into billing and shipping company, never into first and last name', () => {
    const body = createPayload(upsert()) as Record<string, any>;
    expect(body).toMatchObject({
      email: 'buyer@dalton.example',
      billing: { company: 'Dalton Manufacturing Inc', address_1: '12 Mill Rd', city: 'Minneapolis', state: 'MN', postcode: '55401', country: 'US', phone: '555-0100', email: 'buyer@dalton.example' },
      shipping: { company: 'Dalton Manufacturing Inc', address_1: '12 Mill Rd', country: 'US' },
    });
    expect(body.first_name).toBeUndefined();
    expect(body.last_name).toBeUndefined();
    expect(body.billing.first_name).toBeUndefined();
  });

  it('links the account with meta keys WooCommerce does not protect (no leading underscore)', () => {
    const keys = (createPayload(upsert()).meta_data as { key: string }[]).map((m) => m.key);
    expect(keys).toEqual(['epicor_custnum', 'epicor_custid', 'epicor_synced']);
    expect(keys.some((k) => k.startsWith('_'))).toBe(false);
  });

  it.each([
    ['no email', { EMailAddress: '' }, 'no email address'],
    ['a null email', { EMailAddress: null }, 'no email address'],
    ['an invalid email', { EMailAddress: 'buyer@dalton' }, 'invalid email'],
  ])('skips a customer with %s as invalid, reported by CustID and CustNum without the address', (_n, over, reason) => {
    const plan = planCustomer(customer(over));
    expect(plan.kind).toBe('invalid');
    if (plan.kind === 'invalid') {
      expect(plan.reason).toContain(reason);
      expect(plan.key).toBe('customer DALTON (CustNum 12)');
      expect(`${plan.key} ${plan.reason}`).not.toContain('@');
    }
  });

  it('keys a valid customer by CustID and CustNum, not by email', () => {
    expect(upsert()).toMatchObject({ key: 'customer DALTON (CustNum 12)' });
    expect(upsert({ CustID: ' ' })).toMatchObject({ key: 'customer CustNum 12' });
  });

  it('takes every address of a multi-address EMailAddress, the first as the new account', () => {
    const plan = upsert({ EMailAddress: 'Orders@Dalton.example; ap@dalton.example,bad@; orders@dalton.example' });
    expect(plan.emails).toEqual(['orders@dalton.example', 'ap@dalton.example']);
    expect(createPayload(plan).email).toBe('orders@dalton.example');
  });
});

describe('updatePayload: only what Epicor changed', () => {
  it('writes nothing to an account whose Epicor customer did not change', () => {
    const plan = upsert();
    expect(updatePayload(plan, accountFrom(plan))).toBeUndefined();
  });

  it('keeps a shopper edit of an Epicor-owned field until Epicor changes that same field', () => {
    const plan = upsert();
    const account = accountFrom(plan);
    account.billing.address_1 = '99 New Street'; // the shopper moved
    expect(updatePayload(plan, account)).toBeUndefined();
    const phoneChanged = upsert({ PhoneNum: '555-0199' });
    expect(updatePayload(phoneChanged, account)).toMatchObject({ billing: { phone: '555-0199' } });
    expect((updatePayload(phoneChanged, account) as any).billing.address_1).toBeUndefined();
  });

  it('never sends fields Epicor does not own: names, shipping address, e-mail', () => {
    const update = updatePayload(upsert({ Name: 'Dalton Mfg', Address1: '1 Other Rd' }), accountFrom(upsert())) as Record<string, any>;
    expect(Object.keys(update).sort()).toEqual(['billing', 'meta_data']);
    expect(update.billing).toEqual({ company: 'Dalton Mfg', address_1: '1 Other Rd' });
  });

  it('links an account the shopper created: the Epicor fields that differ, once, then nothing', () => {
    const plan = upsert();
    const own = { billing: { company: 'Dalton Manufacturing Inc', address_1: 'somewhere else', city: 'Minneapolis', state: 'MN', postcode: '55401', country: 'US', phone: '555-0100' }, meta_data: [] };
    const first = updatePayload(plan, own) as Record<string, any>;
    expect(first.billing).toEqual({ address_1: '12 Mill Rd' });
    expect(first.meta_data.map((m: any) => m.key)).toContain('epicor_synced');
  });

  it('re-links an account whose link points at another Epicor customer', () => {
    const plan = upsert();
    const account = accountFrom(upsert({ CustNum: 99 }));
    expect(updatePayload(plan, account)).toMatchObject({ meta_data: expect.arrayContaining([{ key: 'epicor_custnum', value: '12' }]) });
  });
});

describe('customer field rules', () => {
  it.each([
    ['a@b.co; c@d.co', 'a@b.co'],
    ['A@B.CO', 'a@b.co'],
    ['nobody', undefined],
    [null, undefined],
  ])('takes the first email of %p', (input, expected) => {
    expect(firstEmail(input)).toBe(expected);
  });

  it('ignores invalid parts of a multi-address field', () => {
    expect(emailsOf('nobody; x@y.example')).toEqual(['x@y.example']);
  });

  it.each([
    ['GB', 'United States', 'GB'],
    ['us', null, 'US'],
    ['', 'USA', 'US'],
    [null, 'United Kingdom', 'GB'],
    ['', 'de', 'DE'],
    ['', 'Atlantis', ''],
    [null, null, ''],
  ])('takes the country table ISO code %p over the free text %p: %p', (iso, text, expected) => {
    expect(countryCode(iso, text)).toBe(expected);
  });
});

describe('isSelected', () => {
  it.each([
    [{ kind: 'all' } as const, { WebCustomer: false }, true],
    [{ kind: 'web-customer' } as const, { WebCustomer: true }, true],
    [{ kind: 'web-customer' } as const, { WebCustomer: false }, false],
    [{ kind: 'web-customer' } as const, { WebCustomer: null }, false],
    [{ kind: 'group', groups: ['RET', 'WEB'] } as const, { GroupCode: 'web ' }, true],
    [{ kind: 'group', groups: ['RET'] } as const, { GroupCode: 'B2B' }, false],
    [{ kind: 'group', groups: ['RET'] } as const, { GroupCode: '' }, false],
  ])('%p selects %p: %p', (select, c, expected) => {
    expect(isSelected(c, select)).toBe(expected);
  });
});
