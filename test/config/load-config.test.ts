import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, variables } from '../../src/config';

const production = {
  EPICOR_BASE_URL: 'https://erp.example.com/KineticLive',
  EPICOR_COMPANY: 'ACME01',
  EPICOR_API_KEY: 'epicor-key-super-secret',
  EPICOR_USERNAME: 'integration',
  EPICOR_PASSWORD: 'hunter2-secret',
  WOO_BASE_URL: 'https://shop.example.com',
  WOO_CONSUMER_KEY: 'ck_live_secret_key',
  WOO_CONSUMER_SECRET: 'cs_live_secret_value',
  WOO_WEBHOOK_SECRET: 'whsec_secret_value',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration contract', () => {
  it('runs on the sandbox by default, with the documented defaults', () => {
    const config = loadConfig({});
    expect(config.sandbox).toBe(true);
    expect(config.temporal).toMatchObject({ namespace: 'default', taskQueue: 'epicor-woo', address: undefined });
    expect(config.webhook.port).toBe(3000);
    expect(config.epicor.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Kinetic$/);
    expect(config.epicor.auth).toBe('basic');
    expect(config.woo.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({ ...production, EPICOR_PLANT: 'MfgSys', TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(config.sandbox).toBe(false);
    expect(config.epicor).toMatchObject({ company: 'ACME01', plant: 'MfgSys', auth: 'basic' });
    expect(config.woo.auth).toBe('basic');
    expect(config.temporal.address).toBe('temporal:7233');
  });

  it('reads the ship-to settings and names a malformed one', () => {
    const config = loadConfig({ ...production, ORDER_SHIP_VIA: 'flat_rate=UPS, local_pickup=WILLCALL', ORDER_COUNTRY_NUMS: 'us=1,DE=5' });
    expect(config.orders).toMatchObject({ shipVia: { flat_rate: 'UPS', local_pickup: 'WILLCALL' }, countryNums: { US: 1, DE: 5 }, checkCurrency: true });
    expect(loadConfig(production).orders).toMatchObject({ shipVia: {}, countryNums: {} });
    expect(problemsOf({ ...production, ORDER_SHIP_VIA: 'flat_rate', ORDER_COUNTRY_NUMS: 'Germany=5' })).toEqual([
      expect.stringMatching(/^ORDER_SHIP_VIA is invalid: expected comma-separated WooCommerce shipping method = Epicor ShipViaCode/),
      expect.stringMatching(/^ORDER_COUNTRY_NUMS is invalid: expected comma-separated ISO country code = Epicor Country.CountryNum/),
    ]);
  });

  it('reports every missing variable at once, by name, with what was expected', () => {
    const problems = problemsOf({ EPICOR_BASE_URL: 'https://erp.example.com/Live' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^EPICOR_COMPANY is required: .*company ID/),
        expect.stringMatching(/^EPICOR_API_KEY is required/),
        expect.stringMatching(/^WOO_BASE_URL is required: the store root URL/),
        expect.stringMatching(/^WOO_CONSUMER_KEY is required/),
        expect.stringMatching(/^WOO_CONSUMER_SECRET is required/),
        expect.stringMatching(/^WOO_WEBHOOK_SECRET is required/),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('imports paid orders only by default; ORDER_IMPORT_STATUSES lists others, never cancelled', () => {
    expect(loadConfig({}).orders.importStatuses).toEqual(['processing', 'completed']);
    expect(loadConfig({ ORDER_IMPORT_STATUSES: ' Processing, on-hold ,completed,' }).orders.importStatuses).toEqual(['processing', 'on-hold', 'completed']);
    expect(problemsOf({ ORDER_IMPORT_STATUSES: 'processing,cancelled' }).join('\n')).toContain('ORDER_IMPORT_STATUSES is invalid');
    expect(problemsOf({ ORDER_IMPORT_STATUSES: ' , ' }).join('\n')).toContain('ORDER_IMPORT_STATUSES is invalid');
  });

  it('names each invalid value and never echoes a secret', () => {
    const env = {
      ...production,
      EPICOR_BASE_URL: 'https://erp.example.com/KineticLive/api/v2',
      EPICOR_AUTH: 'kerberos',
      WEBHOOK_PORT: 'eighty',
      EPICOR_LICENSE: 'not-a-guid-hunter2-secret',
    };
    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('EPICOR_BASE_URL is invalid: expected https://<host>/<Instance> (the instance root, without /api)');
    expect(message).toContain('EPICOR_AUTH is invalid: expected one of basic, token, oauth2');
    expect(message).toContain('WEBHOOK_PORT is invalid: expected a TCP port');
    expect(message).toContain('EPICOR_LICENSE is invalid');
    for (const secret of ['hunter2', 'super-secret', 'cs_live', 'whsec', 'kerberos', 'eighty']) expect(message).not.toContain(secret);
  });

  it('requires the OAuth2 settings only when EPICOR_AUTH=oauth2', () => {
    const problems = problemsOf({ ...production, EPICOR_AUTH: 'oauth2' });
    expect(problems).toEqual([
      expect.stringMatching(/^EPICOR_OAUTH_TOKEN_URL is required when EPICOR_AUTH=oauth2/),
      expect.stringMatching(/^EPICOR_OAUTH_CLIENT_ID is required when EPICOR_AUTH=oauth2/),
      expect.stringMatching(/^EPICOR_OAUTH_CLIENT_SECRET is required when EPICOR_AUTH=oauth2/),
    ]);
  });

  it('signs plain-HTTP stores with OAuth 1.0a, because WooCommerce ignores Basic auth there', () => {
    expect(loadConfig({ ...production, WOO_BASE_URL: 'http://shop.internal' }).woo.auth).toBe('oauth1');
    expect(loadConfig({ ...production, WOO_AUTH: 'query' }).woo.auth).toBe('query');
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync(resolve(__dirname, '../../.env.example'), 'utf8');
    const missing = Object.keys(variables).filter((name) => !new RegExp(`^#?\\s*${name}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });
});
