import { call, getJson, makeSim, postJson, q } from './helpers';

describe('Epicor simulator: CustomerSvc', () => {
  it('creates a guest web customer with POST Customers: 201 and an assigned CustNum', async () => {
    const sim = makeSim();
    const before = sim.currentSysRevId();
    const { status, body } = await postJson(sim, 'Erp.BO.CustomerSvc/Customers', {
      Company: 'EPIC06',
      CustNum: 0,
      CustID: 'WEB-000512',
      Name: 'Jane Buyer',
      EMailAddress: 'jane@example.com',
      Address1: '1 Main St',
      City: 'Springfield',
    });
    expect(status).toBe(201);
    expect(body.CustNum).toBeGreaterThan(0);
    expect(body).toMatchObject({ CustID: 'WEB-000512', Name: 'Jane Buyer', EMailAddress: 'jane@example.com', CreditHold: false });
    expect(body.SysRevID).toBeGreaterThan(before);
    const read = await getJson(sim, `Erp.BO.CustomerSvc/Customers('EPIC06',${body.CustNum})`);
    expect(read.body.City).toBe('Springfield');
  });

  it('refuses a duplicate CustID and a missing Name with Ice.BLException', async () => {
    const sim = makeSim();
    const dup = await postJson(sim, 'Erp.BO.CustomerSvc/Customers', { CustID: 'ACME', Name: 'Again' });
    expect(dup.status).toBe(400);
    expect(dup.body.ErrorType).toBe('Ice.BLException');
    const noName = await postJson(sim, 'Erp.BO.CustomerSvc/Customers', { CustID: 'NEW1' });
    expect(noName.body.ErrorType).toBe('Ice.BLException');
  });

  it('refuses a body whose column types are wrong with 400', async () => {
    const res = await postJson(makeSim(), 'Erp.BO.CustomerSvc/Customers', { CustID: 'NEW2', Name: 'x', CreditHold: 'no' });
    expect(res.status).toBe(400);
  });

  it('updates a customer with PATCH (204), bumping SysRevID and ChangeDate/ChangeTime', async () => {
    const sim = makeSim();
    const custNum = sim.customer('ACME')!.CustNum as number;
    const before = (await getJson(sim, `Erp.BO.CustomerSvc/Customers('EPIC06',${custNum})`)).body;
    const res = await call(sim, `Erp.BO.CustomerSvc/Customers('EPIC06',${custNum})`, { method: 'PATCH', body: { City: 'Shelbyville' } });
    expect(res.status).toBe(204);
    const after = (await getJson(sim, `Erp.BO.CustomerSvc/Customers('EPIC06',${custNum})`)).body;
    expect(after.City).toBe('Shelbyville');
    expect(after.SysRevID).toBeGreaterThan(before.SysRevID);
  });

  it('changes a customer in-process (updateCustomer) so a SysRevID watermark query finds it', async () => {
    const sim = makeSim();
    const mark = sim.currentSysRevId();
    const custNum = sim.customer('WEBGUEST')!.CustNum as number;
    sim.updateCustomer(custNum, { email: 'guest@shop.test' });
    const { body } = await getJson(sim, `Erp.BO.CustomerSvc/Customers?$filter=${q(`SysRevID gt ${mark}`)}`);
    expect(body.value.map((c: any) => [c.CustID, c.EMailAddress])).toEqual([['WEBGUEST', 'guest@shop.test']]);
  });
});
