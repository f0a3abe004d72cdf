import { startEpicorSimulator } from '../../../src/sandbox/epicor';
import { API, BASIC, call, makeSim } from './helpers';

describe('Epicor simulator: auth', () => {
  it('rejects a call without x-api-key with 401 and an Epicor error body', async () => {
    const sim = makeSim();
    const res = await sim.app.request(`${API}/Erp.BO.PartSvc/Parts`, { headers: { authorization: BASIC } });
    expect(res.status).toBe(401);
    const body: any = await res.json();
    expect(body).toMatchObject({ HttpStatus: 401, ReasonPhrase: 'REST API Exception' });
    expect(typeof body.ErrorMessage).toBe('string');
    expect(typeof body.CorrelationId).toBe('string');
  });

  it('rejects a wrong API key with 401', async () => {
    const res = await call(makeSim(), 'Erp.BO.PartSvc/Parts', { headers: { 'x-api-key': 'nope' } });
    expect(res.status).toBe(401);
  });

  it('accepts the API key header in any case (X-API-Key)', async () => {
    const sim = makeSim();
    const res = await sim.app.request(`${API}/Erp.BO.PartSvc/Parts`, {
      headers: { 'X-API-Key': 'sandbox-api-key', authorization: BASIC },
    });
    expect(res.status).toBe(200);
  });

  it('rejects an API key passed as ?api-key= unless acceptApiKeyQuery is set', async () => {
    const path = `${API}/Erp.BO.PartSvc/Parts?api-key=sandbox-api-key`;
    expect((await makeSim().app.request(path, { headers: { authorization: BASIC } })).status).toBe(401);
    const relaxed = makeSim({ acceptApiKeyQuery: true });
    expect((await relaxed.app.request(path, { headers: { authorization: BASIC } })).status).toBe(200);
  });

  it('rejects a call with the API key but no Authorization with 401', async () => {
    const res = await makeSim().app.request(`${API}/Erp.BO.PartSvc/Parts`, { headers: { 'x-api-key': 'sandbox-api-key' } });
    expect(res.status).toBe(401);
  });

  it('rejects a wrong Basic password with 401', async () => {
    const bad = `Basic ${Buffer.from('manager:wrong').toString('base64')}`;
    const res = await call(makeSim(), 'Erp.BO.PartSvc/Parts', { headers: { authorization: bad } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
  });

  it('issues a JWT-shaped bearer token from TokenResource.svc/ with username/password headers', async () => {
    const sim = makeSim({ tokenLifetimeSeconds: 600 });
    const res = await sim.app.request('/Kinetic/TokenResource.svc/', {
      method: 'POST',
      headers: { username: 'manager', password: 'manager', accept: 'application/json', 'x-api-key': 'sandbox-api-key' },
    });
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body).toMatchObject({ ExpiresIn: 600, TokenType: 'Bearer' });
    const parts = body.AccessToken.split('.');
    expect(parts).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: 'epicor', aud: 'epicor', username: 'manager' });
    expect(claims.exp - claims.iat).toBe(600);

    const ok = await call(sim, 'Erp.BO.PartSvc/Parts', { headers: { authorization: `Bearer ${body.AccessToken}` } });
    expect(ok.status).toBe(200);
  });

  it('answers TokenResource with XML when the client does not ask for JSON', async () => {
    const res = await makeSim().app.request('/Kinetic/TokenResource.svc/', {
      method: 'POST',
      headers: { username: 'manager', password: 'manager', 'x-api-key': 'sandbox-api-key' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('xml');
    expect(await res.text()).toMatch(/^<Token[^>]*><AccessToken>[^<]+<\/AccessToken>/);
  });

  it('rejects a bad password at TokenResource with 401', async () => {
    const res = await makeSim().app.request('/Kinetic/TokenResource.svc/', {
      method: 'POST',
      headers: { username: 'manager', password: 'x', accept: 'application/json', 'x-api-key': 'sandbox-api-key' },
    });
    expect(res.status).toBe(401);
  });

  it('answers 404 for TokenResource.svc without the trailing slash (configurable)', async () => {
    const headers = { username: 'manager', password: 'manager', accept: 'application/json', 'x-api-key': 'sandbox-api-key' };
    expect((await makeSim().app.request('/Kinetic/TokenResource.svc', { method: 'POST', headers })).status).toBe(404);
    const relaxed = makeSim({ tokenRequiresTrailingSlash: false });
    expect((await relaxed.app.request('/Kinetic/TokenResource.svc', { method: 'POST', headers })).status).toBe(200);
  });

  it('requires the API key at TokenResource too unless tokenRequiresApiKey is false', async () => {
    const headers = { username: 'manager', password: 'manager', accept: 'application/json' };
    expect((await makeSim().app.request('/Kinetic/TokenResource.svc/', { method: 'POST', headers })).status).toBe(401);
    const relaxed = makeSim({ tokenRequiresApiKey: false });
    expect((await relaxed.app.request('/Kinetic/TokenResource.svc/', { method: 'POST', headers })).status).toBe(200);
  });

  it('rejects an expired token with 401 once its lifetime has passed', async () => {
    let now = Date.parse('2025-03-04T10:00:00Z');
    const sim = makeSim({ tokenLifetimeSeconds: 60, now: () => now });
    const token = await issue(sim);
    expect((await call(sim, 'Erp.BO.PartSvc/Parts', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    now += 61_000;
    expect((await call(sim, 'Erp.BO.PartSvc/Parts', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('rejects every issued token after expireTokens(), while Basic keeps working', async () => {
    const sim = makeSim();
    const token = await issue(sim);
    sim.expireTokens();
    expect((await call(sim, 'Erp.BO.PartSvc/Parts', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await call(sim, 'Erp.BO.PartSvc/Parts')).status).toBe(200);
    const fresh = await issue(sim);
    expect((await call(sim, 'Erp.BO.PartSvc/Parts', { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
  });

  it('rejects a tampered token with 401', async () => {
    const sim = makeSim();
    const [h, p, s] = (await issue(sim)).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 99999 })).toString('base64url');
    const res = await call(sim, 'Erp.BO.PartSvc/Parts', { headers: { authorization: `Bearer ${h}.${forged}.${s}` } });
    expect(res.status).toBe(401);
  });

  it('expires tokens through POST /_admin/tokens/expire', async () => {
    const sim = makeSim();
    const token = await issue(sim);
    expect((await sim.app.request('/_admin/tokens/expire', { method: 'POST' })).status).toBe(200);
    expect((await call(sim, 'Erp.BO.PartSvc/Parts', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  describe('OAuth2 client credentials (optional)', () => {
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

    it('is absent unless the oauth option is set', async () => {
      const res = await makeSim().app.request('/oauth/connect/token', form({ grant_type: 'client_credentials' }));
      expect(res.status).toBe(404);
    });

    it('issues a bearer token usable on v2 calls', async () => {
      const sim = makeSim({ oauth: { clientId: 'cid', clientSecret: 'secret' } });
      const res = await sim.app.request(
        '/oauth/connect/token',
        form({ grant_type: 'client_credentials', client_id: 'cid', client_secret: 'secret', scope: 'epicor_erp' }),
      );
      expect(res.status).toBe(200);
      const body: any = await res.json();
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
      const ok = await call(sim, 'Erp.BO.PartSvc/Parts', { headers: { authorization: `Bearer ${body.access_token}` } });
      expect(ok.status).toBe(200);
    });

    it('rejects a wrong client secret with invalid_client and a wrong grant type with unsupported_grant_type', async () => {
      const sim = makeSim({ oauth: { clientId: 'cid', clientSecret: 'secret' } });
      const bad = await sim.app.request(
        '/oauth/connect/token',
        form({ grant_type: 'client_credentials', client_id: 'cid', client_secret: 'x', scope: 'epicor_erp' }),
      );
      expect(bad.status).toBe(401);
      expect(await bad.json()).toEqual({ error: 'invalid_client' });
      const grant = await sim.app.request('/oauth/connect/token', form({ grant_type: 'password', client_id: 'cid' }));
      expect(await grant.json()).toEqual({ error: 'unsupported_grant_type' });
    });
  });

  it('serves the token endpoint over a real socket at <baseUrl>/TokenResource.svc/', async () => {
    const running = await startEpicorSimulator({ seed: {} });
    try {
      expect(running.baseUrl).toBe(`${running.origin}/Kinetic`);
      const res = await fetch(`${running.baseUrl}/TokenResource.svc/`, {
        method: 'POST',
        headers: { username: 'manager', password: 'manager', accept: 'application/json', 'x-api-key': 'sandbox-api-key' },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).TokenType).toBe('Bearer');
    } finally {
      await running.close();
    }
  });
});

async function issue(sim: ReturnType<typeof makeSim>): Promise<string> {
  const res = await sim.app.request('/Kinetic/TokenResource.svc/', {
    method: 'POST',
    headers: { username: 'manager', password: 'manager', accept: 'application/json', 'x-api-key': 'sandbox-api-key' },
  });
  return ((await res.json()) as any).AccessToken;
}
