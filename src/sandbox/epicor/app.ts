import { Hono, type Context } from 'hono';
import type { CallLog } from '../shared/calls';
import type { Faults } from '../shared/faults';
import { authenticate, checkApiKey, checkPassword, type AuthOptions, type Tokens } from './auth';
import { EpicorError, injectedErrorBody, internalErrorBody, notFound, badRequest, unauthorized } from './errors';
import { parseRawQuery } from './odata-query';
import { dispatch, json } from './odata-routes';
import { services } from './services';
import type { SimBehaviour } from './service';
import type { Store } from './store';

export interface AppDeps {
  instance: string;
  companies: string[];
  auth: AuthOptions;
  tokens: Tokens;
  store: Store;
  faults: Faults;
  calls: CallLog;
  behaviour: SimBehaviour;
  oauth?: { clientId: string; clientSecret: string; scope: string; path: string };
  /** TokenResource.svc without the trailing slash: 404 unless relaxed (reference section 3, "need for Chrome"). */
  tokenRequiresTrailingSlash: boolean;
  /** NG sends no API key to TokenResource (reference section 3, [S]); required unless relaxed. */
  tokenRequiresApiKey: boolean;
  admin: Hono;
}

const INJECTED_RESET = 'connection reset (injected)';

export function buildApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use('*', deps.calls.middleware());
  app.use('*', deps.faults.middleware(injectedErrorBody));
  app.route('/_admin', deps.admin);

  if (deps.oauth) app.post(deps.oauth.path, (c) => oauthToken(c, deps));
  app.all('*', (c) => route(c, deps));

  app.onError((err, c) => {
    // An injected reset without a socket (app.request) must reach the caller as a failed fetch.
    if (err.message === INJECTED_RESET) throw err;
    if (err instanceof EpicorError) {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (err.status === 401) headers['WWW-Authenticate'] = 'Basic realm="Epicor", Bearer';
      return c.newResponse(JSON.stringify(err.body()), err.status as 400, headers);
    }
    return c.newResponse(JSON.stringify(internalErrorBody()), 500, { 'content-type': 'application/json; charset=utf-8' });
  });
  return app;
}

async function route(c: Context, deps: AppDeps): Promise<Response> {
  const url = new URL(c.req.url);
  const segments = url.pathname.split('/').slice(1);
  // IIS paths (instance, "api", "TokenResource.svc") are case-insensitive.
  if (decodeURIComponent(segments[0] ?? '').toLowerCase() !== deps.instance.toLowerCase())
    throw notFound(`No application instance at '/${segments[0] ?? ''}'.`);
  const lower = segments.map((s) => s.toLowerCase());

  if (lower[1] === 'tokenresource.svc') {
    if (segments.length > 3 || (segments.length === 3 && segments[2] !== '')) throw notFound('No resource at this path.');
    if (segments.length === 2 && deps.tokenRequiresTrailingSlash) throw notFound('TokenResource.svc/ needs its trailing slash.');
    return tokenResource(c, deps);
  }
  if (lower[1] !== 'api' || lower[3] !== 'odata') throw notFound(`No resource at '${url.pathname}'.`);
  if (lower[2] !== 'v2') throw notFound(`Only REST v2 is simulated ('${segments[2]}' requested).`);

  const user = authenticate(c, deps.auth, deps.tokens);
  const company = decodeURIComponent(segments[4] ?? '');
  if (!deps.companies.includes(company)) throw badRequest(`Company '${company}' is not valid for user ${user}.`);
  const serviceName = decodeURIComponent(segments[5] ?? '');
  // Service names are case-insensitive on the real server (reference section 2: PM uses Erp.Bo.…).
  const svc = services[serviceName.toLowerCase()];
  if (!svc) throw notFound(`Service '${serviceName}' was not found.`);

  const params = parseRawQuery(c.req.url, deps.behaviour.plusAsSpace);
  const contextBase = `${url.origin}/${segments.slice(0, 6).join('/')}`;
  return dispatch({ c, store: deps.store, company, user, params, options: deps.behaviour }, svc, segments.slice(6), contextBase);
}

/**
 * POST /<Instance>/TokenResource.svc/ (reference section 3): credentials in `username`/`password`
 * headers (Basic accepted too), empty body. JSON only when the client asks for it; otherwise XML,
 * as the real service answers a client that forgets `Accept: application/json`.
 */
function tokenResource(c: Context, deps: AppDeps): Response {
  if (c.req.method !== 'POST') throw new EpicorError(405, 'TokenResource.svc accepts POST only.');
  if (deps.tokenRequiresApiKey) checkApiKey(c, deps.auth);
  let username = c.req.header('username');
  let password = c.req.header('password');
  const authz = c.req.header('authorization');
  if (username === undefined && authz && /^basic /i.test(authz)) {
    const [u, ...rest] = Buffer.from(authz.slice(6).trim(), 'base64').toString().split(':');
    username = u;
    password = rest.join(':');
  }
  if (!checkPassword(deps.auth, username, password)) throw unauthorized('Invalid user name or password.');
  const { token, expiresIn } = deps.tokens.issue(username!);
  if ((c.req.header('accept') ?? '').includes('application/json'))
    return json({ c }, 200, { AccessToken: token, ExpiresIn: expiresIn, TokenType: 'Bearer' });
  return c.newResponse(
    `<Token xmlns="http://schemas.datacontract.org/2004/07/Epicor.Ice.Services"><AccessToken>${token}</AccessToken>` +
      `<ExpiresIn>${expiresIn}</ExpiresIn><TokenType>Bearer</TokenType></Token>`,
    200,
    { 'content-type': 'application/xml; charset=utf-8' },
  );
}

/** Optional IdP-style client-credentials endpoint (reference section 3, [S/U]); OAuth error shapes. */
async function oauthToken(c: Context, deps: AppDeps): Promise<Response> {
  const oauth = deps.oauth!;
  const oauthError = (status: number, error: string) =>
    c.newResponse(JSON.stringify({ error }), status as 400, { 'content-type': 'application/json; charset=utf-8' });
  if (!(c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded'))
    return oauthError(400, 'invalid_request');
  const form = new URLSearchParams(await c.req.text());
  let clientId = form.get('client_id');
  let clientSecret = form.get('client_secret');
  const authz = c.req.header('authorization');
  if (!clientId && authz && /^basic /i.test(authz)) {
    [clientId, clientSecret] = Buffer.from(authz.slice(6).trim(), 'base64').toString().split(':');
  }
  if (form.get('grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type');
  if (clientId !== oauth.clientId || clientSecret !== oauth.clientSecret) return oauthError(401, 'invalid_client');
  const scope = form.get('scope') ?? '';
  if (!scope.split(' ').includes(oauth.scope)) return oauthError(400, 'invalid_scope');
  const { token, expiresIn } = deps.tokens.issue(clientId);
  return c.newResponse(JSON.stringify({ access_token: token, expires_in: expiresIn, token_type: 'Bearer', scope }), 200, {
    'content-type': 'application/json; charset=utf-8',
  });
}
