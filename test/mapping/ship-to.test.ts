import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emailsOf } from '../../src/mapping/customer-to-customer';
import { matchingShipTo, oneTimeShipTo, orderNotes, parseCountryNums, parsePairs, shipAddressOf, shipViaFor } from '../../src/mapping/ship-to';
import type { WooOrder } from '../../src/woocommerce/types';

/** A real order as WooCommerce 9.9.5 answered it (test/fixtures/woocommerce). */
const real = JSON.parse(readFileSync(join(__dirname, '../fixtures/woocommerce/rest_order_create_201.json'), 'utf8')) as WooOrder & { customer_note: string };

describe('where an order ships', () => {
  it('takes the Woo shipping address, with the billing phone when the shipping phone is empty (real order)', () => {
    const found = shipAddressOf(real)!;
    expect(found.from).toBe('shipping');
    expect(found.address).toEqual({
      person: 'Jörg Testperson',
      company: '',
      address1: 'Teststraße 1',
      address2: '',
      city: 'Berlin',
      state: 'BE',
      postcode: '10115',
      country: 'DE',
      phone: '+49 30 0000000',
    });
  });

  it('falls back to the billing address when the order has no shipping address (virtual goods), and to none without either', () => {
    const empty = { ...real.shipping, address_1: '', city: '', postcode: '' };
    expect(shipAddressOf({ billing: real.billing, shipping: empty })).toMatchObject({ from: 'billing', address: { city: 'Berlin' } });
    expect(shipAddressOf({ billing: { ...real.billing, address_1: '', city: '', postcode: '' }, shipping: empty })).toBeUndefined();
  });

  it("matches a customer's ship-to by street, city, state, postcode and country, ignoring case, spacing and punctuation", () => {
    const address = shipAddressOf(real)!.address;
    const shipTos = [
      { ShipToNum: '', Address1: 'Hauptstr. 5', City: 'Berlin', State: 'BE', ZIP: '10115', CountryNum: 5 },
      { ShipToNum: 'BERLIN', Address1: 'Teststraße 10', City: 'Berlin', State: 'BE', ZIP: '10115', CountryNum: 5 },
      // ß upper-cases to SS, as staff often type it.
      { ShipToNum: 'LAGER', Address1: 'TESTSTRASSE  1.', City: 'BERLIN', State: 'be', ZIP: '10 115', CountryNum: 5 },
    ];
    expect(matchingShipTo(address, 5, shipTos)).toBe('LAGER');
    expect(matchingShipTo(address, 6, shipTos)).toBeUndefined();
    expect(matchingShipTo({ ...address, postcode: '10117' }, 5, shipTos)).toBeUndefined();
    // The customer's own address is ShipToNum '': a match, not "no match".
    expect(matchingShipTo({ ...address, address1: 'Hauptstr 5' }, 5, shipTos)).toBe('');
  });

  it('fills the one-time ship-to columns: the company as OTSName with the person as contact, else the person', () => {
    const address = shipAddressOf(real)!.address;
    expect(oneTimeShipTo(address, 5)).toEqual({
      UseOTS: true,
      OTSName: 'Jörg Testperson',
      OTSContact: '',
      OTSAddress1: 'Teststraße 1',
      OTSAddress2: '',
      OTSAddress3: '',
      OTSCity: 'Berlin',
      OTSState: 'BE',
      OTSZIP: '10115',
      OTSCountryNum: 5,
      OTSPhoneNum: '+49 30 0000000',
    });
    expect(oneTimeShipTo({ ...address, company: 'Acme GmbH' }, 5)).toMatchObject({ OTSName: 'Acme GmbH', OTSContact: 'Jörg Testperson' });
  });

  it("puts the shopper's note in OrderComment and the e-mail in NotifyEMail (real order)", () => {
    expect(orderNotes(real)).toEqual({ OrderComment: 'Bitte klingeln / ring the bell', NotifyEMail: 'jorg.testperson@example.test' });
    expect(orderNotes({ billing: {}, customer_note: '  ' })).toEqual({});
  });
});

describe('ShipVia from the Woo shipping method (ORDER_SHIP_VIA)', () => {
  const map = parsePairs('flat_rate=UPS, local_pickup=WILLCALL,flat_rate:3=FEDEX')!;

  it('maps method_id, lets method_id:instance_id win, and leaves unmapped methods to Epicor', () => {
    expect(shipViaFor(real.shipping_lines, map)).toBe('UPS'); // real line: method_id flat_rate, instance_id ""
    expect(shipViaFor([{ method_id: 'flat_rate', instance_id: '3' } as never], map)).toBe('FEDEX');
    expect(shipViaFor([{ method_id: 'local_pickup', instance_id: '7' } as never], map)).toBe('WILLCALL');
    expect(shipViaFor([{ method_id: 'free_shipping' }], map)).toBeUndefined();
    expect(shipViaFor([], map)).toBeUndefined();
  });

  it('refuses malformed settings', () => {
    expect(parsePairs('flat_rate')).toBeUndefined();
    expect(parsePairs('')).toEqual({});
    expect(parseCountryNums('us=1,DE=5')).toEqual({ US: 1, DE: 5 });
    expect(parseCountryNums('USA=1')).toBeUndefined();
    expect(parseCountryNums('US=one')).toBeUndefined();
  });
});

describe('Epicor multi-address EMailAddress', () => {
  it('splits on ";", "," and spaces, case-insensitively (shared by the customer sync and the order import)', () => {
    expect(emailsOf('Buyer@Acme.example; ap@acme.example,  ceo@acme.example')).toEqual(['buyer@acme.example', 'ap@acme.example', 'ceo@acme.example']);
  });
});
