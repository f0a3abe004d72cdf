import { createEpicorSimulator } from '../../../src/sandbox/epicor';
import { API, call, getJson, makeSim, q } from './helpers';

describe('Epicor simulator: URLs and OData', () => {
  it('wraps entity sets in a value envelope with @odata.context', async () => {
    const { status, body } = await getJson(makeSim(), 'Erp.BO.PartSvc/Parts');
    expect(status).toBe(200);
    expect(body['@odata.context']).toMatch(/\/Kinetic\/api\/v2\/odata\/EPIC06\/Erp\.BO\.PartSvc\/\$metadata#Parts$/);
    expect(body.value.map((p: any) => p.PartNum)).toEqual(['O\'BRIEN-KIT', 'OLD-1', 'WIDGET-100', 'WIDGET-200']);
  });

  it('treats service names case-insensitively (Erp.Bo.PartSvc)', async () => {
    expect((await getJson(makeSim(), 'erp.bo.partsvc/Parts')).status).toBe(200);
  });

  it('answers an unknown service with 404 and an Epicor error body', async () => {
    const { status, body } = await getJson(makeSim(), 'Erp.BO.NopeSvc/Things');
    expect(status).toBe(404);
    expect(body).toMatchObject({ HttpStatus: 404, ReasonPhrase: 'REST API Exception' });
    expect(body.CorrelationId).toBeTruthy();
  });

  it('answers an unknown company with 400 and an Epicor error body', async () => {
    const { status, body } = await getJson(makeSim(), '/Kinetic/api/v2/odata/NOPE/Erp.BO.PartSvc/Parts');
    expect(status).toBe(400);
    expect(body.ErrorMessage).toContain('NOPE');
  });

  it('serves several companies, each seeing only its rows', async () => {
    const sim = createEpicorSimulator({
      companies: ['EPIC06', '28701'],
      seed: { parts: [{ partNum: 'A', description: 'a', unitPrice: '1.00', company: '28701' }] },
    });
    expect((await getJson(sim, '/Kinetic/api/v2/odata/28701/Erp.BO.PartSvc/Parts')).body.value).toHaveLength(1);
    expect((await getJson(sim, 'Erp.BO.PartSvc/Parts')).body.value).toHaveLength(0);
  });

  it('answers an unknown instance and v1 URLs with 404', async () => {
    expect((await getJson(makeSim(), '/Other/api/v2/odata/EPIC06/Erp.BO.PartSvc/Parts')).status).toBe(404);
    expect((await getJson(makeSim(), '/Kinetic/api/v1/Erp.BO.PartSvc/Parts')).status).toBe(404);
  });

  it('emits UnitPrice as a JSON number with the stored digits (12.50, not 12.5)', async () => {
    const { text, body } = await getJson(makeSim(), `Erp.BO.PartSvc/Parts('EPIC06','WIDGET-100')`);
    expect(text).toContain('"UnitPrice":12.50');
    expect(body.UnitPrice).toBe(12.5);
  });

  it('emits Part.ChangedOn without a zone as YYYY-MM-DDTHH:MM:SS.fff', async () => {
    const sim = makeSim({ now: () => Date.parse('2025-03-04T14:22:10.123Z') });
    const { body } = await getJson(sim, `Erp.BO.PartSvc/Parts('EPIC06','WIDGET-100')`);
    expect(body.ChangedOn).toBe('2025-03-04T14:22:10.123');
    expect(body).toMatchObject({ Company: 'EPIC06', SalesUM: 'EA', InActive: false, WebPart: false });
    expect(body.SysRowID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets a part by positional and by named key, 404 when missing', async () => {
    const sim = makeSim();
    expect((await getJson(sim, `Erp.BO.PartSvc/Parts('EPIC06','WIDGET-200')`)).body.PartNum).toBe('WIDGET-200');
    expect((await getJson(sim, `Erp.BO.PartSvc/Parts(Company='EPIC06',PartNum='WIDGET-200')`)).status).toBe(200);
    expect((await getJson(sim, `Erp.BO.PartSvc/Parts('EPIC06','${q("O''BRIEN-KIT")}')`)).status).toBe(200);
    const missing = await getJson(sim, `Erp.BO.PartSvc/Parts('EPIC06','NOPE')`);
    expect(missing.status).toBe(404);
    expect(missing.body.HttpStatus).toBe(404);
  });

  it('gets a customer by key with an unquoted CustNum and refuses a quoted one', async () => {
    const sim = makeSim();
    const custNum = sim.customer('ACME')!.CustNum;
    const { body } = await getJson(sim, `Erp.BO.CustomerSvc/Customers('EPIC06',${custNum})`);
    expect(body).toMatchObject({ CustID: 'ACME', EMailAddress: 'buyer@acme.test', CheckDuplicatePO: true });
    expect(body.ChangeDate).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00$/);
    expect(Number.isInteger(body.ChangeTime)).toBe(true);
    expect((await getJson(sim, `Erp.BO.CustomerSvc/Customers('EPIC06','${custNum}')`)).status).toBe(400);
    expect((await getJson(sim, `Erp.BO.CustomerSvc/Customers('EPIC06',99999)`)).status).toBe(404);
  });

  describe('$filter', () => {
    const filter = async (expr: string, set = 'Erp.BO.PartSvc/Parts', sim = makeSim()) =>
      getJson(sim, `${set}?$filter=${q(expr)}`);
    const partNums = (body: any) => body.value.map((p: any) => p.PartNum);

    it('supports eq/ne/gt/ge/lt/le on decimals exactly', async () => {
      expect(partNums((await filter('UnitPrice eq 12.5')).body)).toEqual(['WIDGET-100']);
      expect(partNums((await filter('UnitPrice gt 19.9')).body)).toEqual(["O'BRIEN-KIT"]);
      expect(partNums((await filter('UnitPrice ge 19.90')).body)).toEqual(["O'BRIEN-KIT", 'WIDGET-200']);
      expect(partNums((await filter('UnitPrice lt 12.5')).body)).toEqual(['OLD-1']);
      expect(partNums((await filter('UnitPrice le 12.5')).body)).toEqual(['OLD-1', 'WIDGET-100']);
      expect((await filter('UnitPrice ne 12.5')).body.value).toHaveLength(3);
    });

    it('supports and/or/not with parentheses and precedence', async () => {
      const r = await filter("WebPart eq true and (InActive eq false or PartNum eq 'WIDGET-100')");
      expect(partNums(r.body)).toEqual(["O'BRIEN-KIT", 'WIDGET-200']);
      expect(partNums((await filter("not (WebPart eq true) or PartNum eq 'OLD-1'")).body)).toEqual(['OLD-1', 'WIDGET-100']);
      expect(partNums((await filter("PartNum eq 'OLD-1' or PartNum eq 'WIDGET-100' and InActive eq true")).body)).toEqual(['OLD-1']);
    });

    it("unescapes doubled quotes in string literals ('O''BRIEN-KIT')", async () => {
      expect(partNums((await filter("PartNum eq 'O''BRIEN-KIT'")).body)).toEqual(["O'BRIEN-KIT"]);
    });

    it('supports startswith and contains (case-insensitively, like SQL Server)', async () => {
      expect(partNums((await filter("startswith(PartNum,'widget')")).body)).toEqual(['WIDGET-100', 'WIDGET-200']);
      expect(partNums((await filter("contains(PartDescription,'200mm')")).body)).toEqual(['WIDGET-200']);
      expect(partNums((await filter("startswith(PartNum,'widget')", undefined, makeSim({ caseSensitiveStrings: true }))).body)).toEqual([]);
    });

    it('compares SysRevID as an integer watermark', async () => {
      const sim = makeSim();
      const widget = (await getJson(sim, `Erp.BO.PartSvc/Parts('EPIC06','WIDGET-200')`)).body;
      const r = await filter(`SysRevID gt ${widget.SysRevID}`, undefined, sim);
      expect(partNums(r.body)).toEqual(["O'BRIEN-KIT", 'OLD-1']);
    });

    it('keeps SysRevIDs above 2^53 exact in JSON and in $filter', async () => {
      const sim = makeSim({ sysRevIdStart: 2n ** 53n + 10n });
      const r = await getJson(sim, `Erp.BO.PartSvc/Parts?$filter=${q('SysRevID gt 9007199254740993')}&$orderby=SysRevID`);
      expect(r.text).toContain('"SysRevID":9007199254741003');
      expect(r.body.value.length).toBeGreaterThan(0);
    });

    it('compares unquoted datetime literals as instants, with Z, with an offset and without a zone', async () => {
      const sim = makeSim({ now: () => Date.parse('2025-03-04T14:00:00Z') });
      expect((await filter('ChangedOn ge 2025-03-04T13:59:59Z', undefined, sim)).body.value).toHaveLength(4);
      expect((await filter('ChangedOn gt 2025-03-04T14:00:01Z', undefined, sim)).body.value).toHaveLength(0);
      // 15:30 at +02:00 is 13:30 UTC: before the change.
      expect((await filter('ChangedOn gt 2025-03-04T15:30:00+02:00', undefined, sim)).body.value).toHaveLength(4);
      expect((await filter('ChangedOn lt 2025-03-04T14:00:00.001', undefined, sim)).body.value).toHaveLength(4);
    });

    it('rejects a datetime literal without a zone when requireDateOffset is set', async () => {
      const sim = makeSim({ requireDateOffset: true });
      expect((await filter('ChangedOn gt 2025-03-04T00:00:00', undefined, sim)).status).toBe(400);
      expect((await filter('ChangedOn gt 2025-03-04T00:00:00Z', undefined, sim)).status).toBe(200);
    });

    it("rejects a quoted date and v1 datetime'…' syntax with 400", async () => {
      expect((await filter("ChangedOn gt '2025-03-04T00:00:00Z'")).status).toBe(400);
      expect((await filter("ChangedOn gt datetime'2025-03-04T00:00:00'")).status).toBe(400);
    });

    it('answers 400 with an Epicor error body for malformed filters', async () => {
      for (const bad of ["PartNum eq 'open", 'PartNum eq', '(PartNum eq 1', 'Nope eq 1', "UnitPrice eq 'x'", "PartNum eqq 'x'", 'PartNum', 'frob(PartNum)']) {
        const { status, body } = await filter(bad);
        expect([bad, status]).toEqual([bad, 400]);
        expect(body).toMatchObject({ HttpStatus: 400, ReasonPhrase: 'REST API Exception' });
        expect(body.ErrorMessage).toBeTruthy();
        expect(body.CorrelationId).toBeTruthy();
      }
    });

    it("treats '+' in the query as a literal plus, so URLSearchParams-style encoding fails with 400", async () => {
      const sim = makeSim();
      const params = new URLSearchParams({ $filter: "PartNum eq 'WIDGET-100'" }).toString();
      expect(params).toContain('+eq+');
      expect((await getJson(sim, `Erp.BO.PartSvc/Parts?${params}`)).status).toBe(400);
      expect((await getJson(sim, `Erp.BO.PartSvc/Parts?$filter=PartNum%20eq%20'WIDGET-100'`)).body.value).toHaveLength(1);
      expect((await getJson(makeSim({ plusAsSpace: true }), `Erp.BO.PartSvc/Parts?${params}`)).body.value).toHaveLength(1);
    });

    it('filters customers by email and CustID', async () => {
      const r = await filter("EMailAddress eq 'buyer@acme.test'", 'Erp.BO.CustomerSvc/Customers');
      expect(r.body.value.map((c: any) => c.CustID)).toEqual(['ACME']);
    });
  });

  describe('$select, $orderby, $top, $skip, $count', () => {
    it('selects only the named fields and names them in @odata.context', async () => {
      const { body } = await getJson(makeSim(), 'Erp.BO.PartSvc/Parts?$select=PartNum,UnitPrice&$top=1');
      expect(Object.keys(body.value[0])).toEqual(['PartNum', 'UnitPrice']);
      expect(body['@odata.context']).toMatch(/#Parts\(PartNum,UnitPrice\)$/);
    });

    it('orders by several keys, asc and desc', async () => {
      const { body } = await getJson(makeSim(), `Erp.BO.PartSvc/Parts?$orderby=${q('WebPart desc,UnitPrice asc')}`);
      expect(body.value.map((p: any) => p.PartNum)).toEqual(['OLD-1', 'WIDGET-200', "O'BRIEN-KIT", 'WIDGET-100']);
    });

    it('pages with $top and $skip and counts with $count=true', async () => {
      const { body } = await getJson(makeSim(), '/Kinetic/api/v2/odata/EPIC06/Erp.BO.PartSvc/Parts?$orderby=PartNum&$top=2&$skip=1&$count=true');
      expect(body['@odata.count']).toBe(4);
      expect(body.value.map((p: any) => p.PartNum)).toEqual(['OLD-1', 'WIDGET-100']);
    });

    it('silently caps a page at pageCap rows when $top is missing or larger, without @odata.nextLink', async () => {
      const sim = makeSim({ pageCap: 3 });
      const none = await getJson(sim, 'Erp.BO.PartSvc/Parts');
      expect(none.body.value).toHaveLength(3);
      expect(none.body['@odata.nextLink']).toBeUndefined();
      expect((await getJson(sim, 'Erp.BO.PartSvc/Parts?$top=50')).body.value).toHaveLength(3);
      expect((await getJson(sim, 'Erp.BO.PartSvc/Parts?$top=2')).body.value).toHaveLength(2);
    });

    it('caps at 100 rows by default', async () => {
      const parts = Array.from({ length: 130 }, (_, i) => ({ partNum: `P${1000 + i}`, description: 'x', unitPrice: '1.00' }));
      const sim = createEpicorSimulator({ seed: { parts } });
      expect((await getJson(sim, 'Erp.BO.PartSvc/Parts?$top=1000')).body.value).toHaveLength(100);
    });

    it('emits @odata.nextLink when emitNextLink is set and the cap cut the page', async () => {
      const sim = makeSim({ pageCap: 3, emitNextLink: true });
      const first = await getJson(sim, `Erp.BO.PartSvc/Parts?$filter=${q("PartNum ne 'X'")}`);
      const next: string = first.body['@odata.nextLink'];
      expect(next).toContain('$skip=3');
      expect(next).toContain('%20ne%20');
      const second = await getJson(sim, new URL(next).pathname + new URL(next).search);
      expect(second.body.value).toHaveLength(1);
      expect(second.body['@odata.nextLink']).toBeUndefined();
    });

    it('answers 400 for bad $top, $skip, $count, $orderby, $select and unknown or mis-cased $-options', async () => {
      const sim = makeSim();
      for (const query of ['$top=-1', '$top=abc', '$skip=x', '$count=yes', '$orderby=Nope', '$orderby=PartNum%20sideways', '$select=Nope', '$Filter=PartNum%20eq%20%27A%27', '$inlinecount=allpages', '$top=1&$top=2']) {
        const { status, body } = await getJson(sim, `Erp.BO.PartSvc/Parts?${query}`);
        expect([query, status]).toEqual([query, 400]);
        expect(body.ErrorType).toBeTruthy();
      }
    });
  });

  it('serves warehouse stock as Erp.BO.PartSvc/PartWhses and as a Part navigation', async () => {
    const sim = makeSim();
    const { body } = await getJson(sim, `Erp.BO.PartSvc/PartWhses?$filter=${q("PartNum eq 'WIDGET-100'")}&$orderby=WarehouseCode`);
    expect(body.value.map((w: any) => [w.WarehouseCode, w.OnHandQty])).toEqual([['EAST', 2], ['MAIN', 40]]);
    const nav = await getJson(sim, `Erp.BO.PartSvc/Parts('EPIC06','WIDGET-100')/PartWhses`);
    expect(nav.body.value).toHaveLength(2);
    const expanded = await getJson(sim, `Erp.BO.PartSvc/Parts?$filter=${q("PartNum eq 'WIDGET-100'")}&$expand=PartWhses`);
    expect(expanded.body.value[0].PartWhses).toHaveLength(2);
  });

  it('answers 405 for a verb the resource does not support', async () => {
    const res = await call(makeSim(), 'Erp.BO.PartSvc/Parts', { method: 'DELETE' });
    expect(res.status).toBe(405);
  });

  it('is reachable only with the API prefix and company in the path', async () => {
    expect((await call(makeSim(), `/Kinetic/api/v2/odata/Erp.BO.PartSvc/Parts`)).status).toBe(400);
    expect((await getJson(makeSim(), `${API}/Erp.BO.PartSvc/Parts`)).status).toBe(200);
  });
});
