import type { EpicorSimulator } from '../../../src/sandbox/epicor';
import { getJson, makeSim, postJson, q } from './helpers';

const SO = 'Erp.BO.SalesOrderSvc';

/**
 * Ship-to on an order, as Kinetic checks it: ShipToNum from the customer's ShipTo table, a one-time address only
 * for a customer with AllowOTS, a known country and ShipVia. The customer's own address is ShipTo ''.
 */
function sim(): EpicorSimulator {
  const s = makeSim();
  s.seed({
    customers: [
      { custId: 'ACME', name: 'Acme Corp', shipTos: [{ shipToNum: 'DOCK2', address1: '2 Harbor Road', city: 'Duluth', countryNum: 1 }] },
      { custId: 'OPEN', name: 'Open Shop', allowOts: true },
    ],
  });
  return s;
}

async function saveHeader(s: EpicorSimulator, custId: string, edit: Record<string, unknown>) {
  let r = await postJson(s, `${SO}/GetNewOrderHed`, { ds: {} });
  r = await postJson(s, `${SO}/ChangeOrderHedCustomerCustID`, { orderNum: 0, proposedCustomerCustID: custId, ds: r.body.parameters.ds });
  const ds = r.body.parameters.ds;
  Object.assign(ds.OrderHed[0], { PONum: 'WEB-1', ...edit });
  const custNum = ds.OrderHed[0].CustNum;
  return postJson(s, `${SO}/MasterUpdate`, {
    lCheckForOrderChangedMsg: false, lcheckForResponse: false, cTableName: 'OrderHed', iCustNum: custNum, iOrderNum: 0, lweLicensed: false, ds,
  });
}

describe('Epicor simulator: where an order ships', () => {
  it("serves a customer's ship-tos, its own address as ShipToNum ''", async () => {
    const s = sim();
    const acme = s.customer('ACME')!.CustNum as number;
    const r = await getJson(s, `Erp.BO.CustomerSvc/ShipToes?$filter=${q(`CustNum eq ${acme}`)}&$select=ShipToNum,Address1,CountryNum&$orderby=ShipToNum`);
    expect(r.body.value).toEqual([
      { ShipToNum: '', Address1: '', CountryNum: 0 },
      { ShipToNum: 'DOCK2', Address1: '2 Harbor Road', CountryNum: 1 },
    ]);
  });

  it('ChangeOrderHedCustomerCustID tells whether the customer allows one-time ship-to', async () => {
    const s = sim();
    let r = await postJson(s, `${SO}/GetNewOrderHed`, { ds: {} });
    r = await postJson(s, `${SO}/ChangeOrderHedCustomerCustID`, { orderNum: 0, proposedCustomerCustID: 'OPEN', ds: r.body.parameters.ds });
    expect(r.body.parameters.ds.OrderHed[0]).toMatchObject({ CustAllowOTS: true, UseOTS: false, ShipToNum: '' });
  });

  it('stores and returns ShipToNum, one-time address, ShipVia, comment and notification e-mail', async () => {
    const s = sim();
    expect((await saveHeader(s, 'ACME', { ShipToNum: 'DOCK2', ShipViaCode: 'UPS', OrderComment: 'ring', NotifyEMail: 'a@b.example' })).status).toBe(200);
    expect((await saveHeader(s, 'OPEN', { UseOTS: true, OTSName: 'Ana', OTSCity: 'Madrid', OTSCountryNum: 11 })).status).toBe(200);
    expect(s.orders().map((o) => [o.CustomerCustID, o.ShipToNum, o.ShipViaCode, o.OrderComment, o.NotifyEMail, o.UseOTS, o.OTSCity, o.OTSCountryNum])).toEqual([
      ['ACME', 'DOCK2', 'UPS', 'ring', 'a@b.example', false, '', 0],
      ['OPEN', '', '', '', '', true, 'Madrid', 11],
    ]);
  });

  it.each([
    ['a ShipToNum the customer does not have', 'ACME', { ShipToNum: 'NOPE' }, /Ship To NOPE is not valid for customer ACME/],
    ['a one-time ship-to for a customer without AllowOTS', 'ACME', { UseOTS: true, OTSName: 'X' }, /One Time Ship To is not allowed for this customer/],
    ['an unknown country', 'OPEN', { UseOTS: true, OTSCountryNum: 999 }, /Country 999 is not valid/],
    ['an unknown ShipVia', 'ACME', { ShipViaCode: 'ZEPPELIN' }, /Ship Via ZEPPELIN is not valid/],
  ])('refuses %s', async (_what, custId, edit, message) => {
    const s = sim();
    const r = await saveHeader(s, custId, edit);
    expect([r.status, r.body.ErrorMessage]).toEqual([400, expect.stringMatching(message)]);
    expect(s.orders()).toHaveLength(0);
  });
});
