import { createEpicorClient, f, isEpicorError, type EpicorClient } from '../../src/epicor';
import { captureServer } from './capture-server';
import { simConfig } from './sim-config';

let server: Awaited<ReturnType<typeof captureServer>>;
let client: EpicorClient;
const LICENSE = '00000003-9439-4B30-A6F4-6D2FD4B9FD0F';

beforeAll(async () => {
  server = await captureServer();
  client = createEpicorClient(simConfig(`${server.origin}/Kinetic`, { company: 'ACME 01', plant: 'MfgSys', license: LICENSE }));
});
beforeEach(() => {
  server.requests.length = 0;
  server.answer(() => ({ status: 200, body: '{"value":[]}' }));
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe('request shape', () => {
  test('every call carries Accept json, the API key, Basic auth, CallSettings and License', async () => {
    await client.query('Erp.BO.PartSvc', 'Parts');
    const { headers } = server.requests[0];
    expect(headers.accept).toBe('application/json');
    expect(headers['x-api-key']).toBe('sandbox-api-key');
    expect(headers.authorization).toBe(`Basic ${Buffer.from('manager:manager').toString('base64')}`);
    expect(JSON.parse(String(headers.callsettings))).toEqual({ Company: 'ACME 01', Plant: 'MfgSys' });
    expect(JSON.parse(String(headers.license))).toEqual({ ClaimedLicense: LICENSE });
  });

  test('CallSettings and License are left out when not configured', async () => {
    const plain = createEpicorClient(simConfig(`${server.origin}/Kinetic`));
    try {
      await plain.query('Erp.BO.PartSvc', 'Parts');
    } finally {
      await plain.close();
    }
    expect(server.requests[0].headers.callsettings).toBeUndefined();
    expect(server.requests[0].headers.license).toBeUndefined();
  });

  test('the v2 URL has the encoded company and a %20-encoded query', async () => {
    await client.query('Erp.BO.PartSvc', 'Parts', { filter: f.eq('PartDescription', 'a b+c'), top: 5 });
    // WHATWG URL parsing (undici) also escapes ' as %27 in a query; servers decode both the same.
    expect(server.requests[0].url).toBe('/Kinetic/api/v2/odata/ACME%2001/Erp.BO.PartSvc/Parts?$filter=PartDescription%20eq%20%27a%20b%2Bc%27&$top=5');
  });

  test('call POSTs the method body and returns parameters and returnObj', async () => {
    server.answer(() => ({ status: 200, body: '{"parameters":{"ds":{"OrderHed":[{"OrderNum":0,"RowMod":"A"}]}},"returnObj":null}' }));
    const res = await client.call('Erp.BO.SalesOrderSvc', 'GetNewOrderHed', { ds: {} });
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/Kinetic/api/v2/odata/ACME%2001/Erp.BO.SalesOrderSvc/GetNewOrderHed', body: '{"ds":{}}' });
    expect(server.requests[0].headers['content-type']).toBe('application/json');
    expect(res.parameters.ds.OrderHed[0].RowMod).toBe('A');
    expect(res.returnObj).toBeNull();
  });

  test('callGet sends read-only methods as GET with encoded parameters', async () => {
    server.answer(() => ({ status: 200, body: '{"returnObj":{"OrderHed":[{"OrderNum":5}]}}' }));
    const res = await client.callGet('Erp.BO.SalesOrderSvc', 'GetByID', { orderNum: 5 });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/Kinetic/api/v2/odata/ACME%2001/Erp.BO.SalesOrderSvc/GetByID?orderNum=5' });
    expect(res.returnObj.OrderHed[0].OrderNum).toBe(5);
  });

  test('UpdateExt with errorsOccurred and BOUpdError rows is a business error', async () => {
    server.answer(() => ({
      status: 200,
      body: JSON.stringify({
        returnObj: { BOUpdError: [{ TableName: 'OrderDtl', ErrorLevel: 'Error', ErrorType: 'Error', ErrorText: 'Part XYZ is inactive.' }] },
        parameters: { errorsOccurred: true },
      }),
    }));
    const err = await client.call('Erp.BO.SalesOrderSvc', 'UpdateExt', { ds: {}, continueProcessingOnError: false }).catch((e) => e);
    expect(isEpicorError(err)).toBe(true);
    expect(err).toMatchObject({ category: 'business', retryable: false });
    expect(err.message).toContain('OrderDtl: Part XYZ is inactive.');
  });

  test('errorsOccurred alone also fails the call', async () => {
    server.answer(() => ({ status: 200, body: '{"parameters":{"errorsOccurred":true},"returnObj":{"BOUpdError":[]}}' }));
    await expect(client.call('Erp.BO.PartSvc', 'UpdateExt', { ds: {} })).rejects.toMatchObject({ category: 'business' });
  });

  test('a 2xx that is not JSON is a server error on reads and unknown-outcome on writes', async () => {
    server.answer(() => ({ status: 200, body: '<html>proxy login</html>', headers: { 'content-type': 'text/html' } }));
    await expect(client.query('Erp.BO.PartSvc', 'Parts')).rejects.toMatchObject({ category: 'server', retryable: true });
    await expect(client.create('Erp.BO.PartSvc', 'Parts', { PartNum: 'X' })).rejects.toMatchObject({ category: 'unknown-outcome', retryable: false });
  });

  test('an HTML error page still classifies by status', async () => {
    server.answer(() => ({ status: 503, body: '<html>Service Unavailable</html>', headers: { 'content-type': 'text/html', 'retry-after': '2' } }));
    await expect(client.query('Erp.BO.PartSvc', 'Parts')).rejects.toMatchObject({ category: 'unavailable', retryable: true, retryAfterMs: 2000 });
  });

  test('getByKey sends Company first and string keys quoted', async () => {
    server.answer(() => ({ status: 200, body: '{"OrderNum":7,"OrderLine":1}' }));
    expect(await client.getByKey('Erp.BO.SalesOrderSvc', 'OrderDtls', [7, 1])).toEqual({ OrderNum: 7, OrderLine: 1 });
    expect(server.requests[0].url).toBe("/Kinetic/api/v2/odata/ACME%2001/Erp.BO.SalesOrderSvc/OrderDtls('ACME%2001',7,1)");
  });

  test('pages appends the entity key to a caller $orderby, SysRowID for unknown sets, and a caller key when given', async () => {
    const drain = async (it: AsyncIterable<unknown>) => {
      for await (const _ of it);
    };
    await drain(client.pages('Erp.BO.PartSvc', 'Parts', { orderBy: ['PartDescription desc'], pageSize: 10 }));
    await drain(client.pages('Erp.BO.SalesOrderSvc', 'OrderDtls', { pageSize: 10 }));
    await drain(client.pages('Erp.BO.SomeSvc', 'Things', { pageSize: 10, skip: 20 }));
    await drain(client.pages('BaqSvc', 'MyBaq/Data', { pageSize: 10, key: ['Part_PartNum'] }));
    expect(server.requests.map((r) => decodeURIComponent(r.url.split('?')[1]))).toEqual([
      '$orderby=PartDescription desc,PartNum&$top=10&$skip=0',
      '$orderby=OrderNum,OrderLine&$top=10&$skip=0',
      '$orderby=SysRowID&$top=10&$skip=20',
      '$orderby=Part_PartNum&$top=10&$skip=0',
    ]);
    expect(server.requests[3].url).toContain('/BaqSvc/MyBaq/Data?');
  });
});
