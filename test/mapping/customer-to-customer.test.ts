import { countryCode, customerPayload, firstEmail, planCustomer, splitName, type EpicorCustomer } from '../../src/mapping/customer-to-customer';

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
  PhoneNum: '555-0100',
  ...over,
});

describe('planCustomer', () => {
  it('maps an Epicor customer to a Woo customer keyed by lower-cased email', () => {
    const plan = planCustomer(customer());
    expect(plan).toMatchObject({
      kind: 'upsert',
      email: 'buyer@dalton.example',
      fields: {
        first_name: 'Dalton',
        last_name: 'Manufacturing Inc',
        billing: { company: 'Dalton Manufacturing Inc', address_1: '12 Mill Rd', city: 'Minneapolis', state: 'MN', postcode: '55401', country: 'US', phone: '555-0100', email: 'buyer@dalton.example' },
        shipping: { company: 'Dalton Manufacturing Inc', address_1: '12 Mill Rd', country: 'US' },
      },
    });
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
    expect(planCustomer(customer())).toMatchObject({ kind: 'upsert', key: 'customer DALTON (CustNum 12)' });
    expect(planCustomer(customer({ CustID: ' ' }))).toMatchObject({ key: 'customer CustNum 12' });
  });

  it('puts the Epicor keys and the sync hash into meta_data', () => {
    const plan = planCustomer(customer());
    if (plan.kind !== 'upsert') throw new Error('expected upsert');
    expect(customerPayload(plan).meta_data).toEqual([
      { key: '_epicor_custnum', value: '12' },
      { key: '_epicor_custid', value: 'DALTON' },
      { key: '_epicor_sync_hash', value: plan.hash },
    ]);
  });
});

describe('customer field rules', () => {
  it.each([
    ['Dalton Manufacturing Inc', 'Dalton', 'Manufacturing Inc'],
    ['Acme', 'Acme', ''],
    ['  Jane   Q  Public ', 'Jane', 'Q Public'],
    ['', '', ''],
  ])('splits %p on the first space', (name, first, last) => {
    expect(splitName(name)).toEqual({ first, last });
  });

  it.each([
    ['a@b.co; c@d.co', 'a@b.co'],
    ['A@B.CO', 'a@b.co'],
    ['nobody', undefined],
    [null, undefined],
  ])('takes the first email of %p', (input, expected) => {
    expect(firstEmail(input)).toBe(expected);
  });

  it.each([
    ['USA', 'US'],
    ['United Kingdom', 'GB'],
    ['de', 'DE'],
    ['Atlantis', ''],
    [null, ''],
  ])('maps country %p to %p', (input, expected) => {
    expect(countryCode(input)).toBe(expected);
  });
});
