import { createEpicorClient, f, isEpicorError, type EpicorClient } from '../../src/epicor';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { parts, simConfig } from './sim-config';

type Ds = { OrderHed: Record<string, unknown>[]; [table: string]: unknown };
const SO = 'Erp.BO.SalesOrderSvc';

let running: RunningEpicorSimulator;
let client: EpicorClient;

beforeAll(async () => {
  running = await startEpicorSimulator({ sysRevIdStart: 2n ** 55n, seed: { parts: parts(1), customers: [{ custId: 'WEB-1', name: 'Jane' }] } });
  client = createEpicorClient(simConfig(running.baseUrl, { auth: 'token' }));
});
afterAll(async () => {
  await client.close();
  await running.close();
});

async function newHeader(poNum: string): Promise<number> {
  const { parameters: fresh } = await client.call<{ ds: Ds }>(SO, 'GetNewOrderHed', { ds: {} });
  const { parameters: withCustomer } = await client.call<{ ds: Ds }>(SO, 'ChangeOrderHedCustomerCustID', {
    orderNum: 0,
    proposedCustomerCustID: 'WEB-1',
    ds: fresh.ds,
  });
  withCustomer.ds.OrderHed[0].PONum = poNum;
  const custNum = withCustomer.ds.OrderHed[0].CustNum;
  const { parameters } = await client.call<{ ds: Ds }>(SO, 'MasterUpdate', {
    lCheckForOrderChangedMsg: true,
    lcheckForResponse: true,
    cTableName: 'OrderHed',
    iCustNum: custNum,
    iOrderNum: 0,
    lweLicensed: true,
    ds: withCustomer.ds,
  });
  return parameters.ds.OrderHed[0].OrderNum as number;
}

describe('business-object methods', () => {
  test('GetNewOrderHed returns a new row in parameters.ds and saves nothing', async () => {
    const { parameters } = await client.call<{ ds: Ds }>(SO, 'GetNewOrderHed', { ds: {} });
    expect(parameters.ds.OrderHed).toHaveLength(1);
    expect(parameters.ds.OrderHed[0].RowMod).toBe('A');
    expect(running.sim.orders()).toEqual([]);
  });

  test('a header saved with MasterUpdate is read back with GET GetByID', async () => {
    const orderNum = await newHeader('WOO-1001');
    expect(orderNum).toBeGreaterThan(0);
    const byId = await client.callGet<{ returnObj: Ds }>(SO, 'GetByID', { orderNum });
    expect(byId.returnObj.OrderHed[0]).toMatchObject({ OrderNum: orderNum, PONum: 'WOO-1001' });
    // A SysRevID above 2^53 survives the round trip exactly.
    expect(BigInt(byId.returnObj.OrderHed[0].SysRevID as string)).toBe(BigInt(running.sim.orders()[0].SysRevID));
  });

  test('a tableset read back (SysRevID as a string) can be sent to MasterUpdate again', async () => {
    const orderNum = await newHeader('WOO-1002');
    const { returnObj: ds } = await client.callGet<{ returnObj: Ds }>(SO, 'GetByID', { orderNum });
    ds.OrderHed[0].OrderComment = 'gift wrap';
    ds.OrderHed[0].RowMod = 'U';
    await client.call(SO, 'MasterUpdate', { lCheckForOrderChangedMsg: true, lcheckForResponse: true, cTableName: 'OrderHed', iCustNum: ds.OrderHed[0].CustNum, iOrderNum: orderNum, lweLicensed: true, ds });
    expect(running.sim.orders().find((o) => o.OrderNum === orderNum)?.OrderComment).toBe('gift wrap');
  });

  test('a business refusal inside a method is a permanent business error', async () => {
    const { parameters: fresh } = await client.call<{ ds: Ds }>(SO, 'GetNewOrderHed', { ds: {} });
    const err = await client.call(SO, 'ChangeOrderHedCustomerCustID', { orderNum: 0, proposedCustomerCustID: 'NOBODY', ds: fresh.ds }).catch((e) => e);
    expect(isEpicorError(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, category: 'business', retryable: false, errorType: 'Ice.BLException' });
    expect(err.message).toContain('Customer NOBODY not found');
  });

  test('an order can be found by PONum with a filter and fetched by key', async () => {
    const orderNum = await newHeader("WOO-'quoted'");
    const rows = await client.query<{ OrderNum: number }>(SO, 'SalesOrders', { filter: f.eq('PONum', "WOO-'quoted'"), select: ['OrderNum'] });
    expect(rows).toEqual([{ OrderNum: orderNum }]);
    expect(await client.getByKey(SO, 'SalesOrders', [orderNum])).toMatchObject({ OrderNum: orderNum });
    expect(await client.getByKey(SO, 'SalesOrders', [999999])).toBeUndefined();
  });
});
