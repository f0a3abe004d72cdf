import { z } from 'zod';
import { parseCountryNums, parsePairs } from '../mapping/ship-to';

/**
 * The environment contract. Each variable carries its schema, whether it is a secret (never echoed in
 * errors or logs) and the plain-language expectation shown when it is wrong. `.env.example` documents
 * every name listed here (a test keeps the two in step).
 */
export interface Variable {
  schema: z.ZodTypeAny;
  expected: string;
  secret?: boolean;
  /** Value used when SANDBOX is on and the variable is unset: points the connector at the simulators. */
  sandbox?: string | ((env: NodeJS.ProcessEnv) => string);
}

const url = z.string().url();
const optionalString = z.string().min(1).optional();
const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const positiveInt = z.coerce.number().int().positive();
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'duration');

const port = positiveInt.max(65535);
const DEFAULT_SANDBOX_EPICOR_PORT = 4101;
const DEFAULT_SANDBOX_WOO_PORT = 4102;
const sandboxPort = (env: NodeJS.ProcessEnv, name: string, fallback: number) => Number(env[name]) || fallback;

export const variables = {
  LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), expected: 'one of fatal, error, warn, info, debug, trace, silent' },

  // Temporal
  TEMPORAL_ADDRESS: { schema: optionalString, expected: 'host:port of a Temporal frontend; unset starts the embedded dev server' },
  TEMPORAL_NAMESPACE: { schema: z.string().min(1).default('default'), expected: 'a Temporal namespace name' },
  TEMPORAL_TASK_QUEUE: { schema: z.string().min(1).default('epicor-woo'), expected: 'a task queue name' },
  TEMPORAL_API_KEY: { schema: optionalString, expected: 'a Temporal Cloud API key', secret: true },
  TEMPORAL_TLS_CERT_PATH: { schema: optionalString, expected: 'path to a PEM client certificate (mTLS)' },
  TEMPORAL_TLS_KEY_PATH: { schema: optionalString, expected: 'path to the PEM private key of TEMPORAL_TLS_CERT_PATH' },
  TEMPORAL_ENCRYPTION_KEY: {
    schema: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, '32 bytes').optional(),
    expected: 'base64 of 32 random bytes (openssl rand -base64 32); encrypts every Temporal payload',
    secret: true,
  },
  TEMPORAL_ENCRYPTION_OLD_KEYS: {
    schema: z.string().refine((v) => v.split(',').every((k) => Buffer.from(k.trim(), 'base64').length === 32), 'keys of 32 bytes').optional(),
    expected: 'comma-separated retired TEMPORAL_ENCRYPTION_KEY values (base64 of 32 bytes) that still decrypt older payloads',
    secret: true,
  },
  TEMPORAL_METRICS_BIND: {
    schema: z.string().regex(/^[^\s:]+:\d+$/).optional(),
    expected: 'host:port where workers serve Temporal SDK metrics for Prometheus, e.g. 0.0.0.0:9464',
  },
  TEMPORAL_DEV_PORT: { schema: port.default(7233), expected: 'gRPC port of the embedded dev server' },
  TEMPORAL_UI_PORT: { schema: port.default(8233), expected: 'port for the embedded dev server Web UI' },
  TEMPORAL_UI_URL: { schema: url.optional(), expected: 'Web UI address for links printed by npm run ctl (default: the embedded UI when TEMPORAL_ADDRESS is unset)' },
  TEMPORAL_DATA_DIR: { schema: z.string().min(1).default('.data'), expected: 'folder for the embedded dev server SQLite file' },

  // Codec server for the Web UI (decrypts payloads for people allowed to see them)
  CODEC_BIND: {
    schema: z.string().regex(/^[^\s:]+:\d+$/).default('127.0.0.1:8234'),
    expected: 'host:port the codec server listens on, e.g. 127.0.0.1:8234',
  },
  CODEC_CORS_ORIGINS: {
    schema: z.string().default(''),
    expected: 'comma-separated Web UI origins allowed to call the codec server (default: the embedded Web UI)',
  },
  CODEC_TOKEN: { schema: optionalString, expected: 'a bearer token the codec server requires (Authorization: Bearer <token>)', secret: true },

  // Secrets at rest
  SECRETS_FILE: { schema: optionalString, expected: 'path of the encrypted secrets file (managed by npm run ctl -- secrets)' },
  SECRETS_MASTER_KEY: { schema: optionalString, expected: 'master key of SECRETS_FILE: base64 of 32 random bytes', secret: true },
  SECRETS_MASTER_KEY_FILE: { schema: optionalString, expected: 'path of a file holding the master key of SECRETS_FILE' },

  // Alerts and metrics
  ALERT_URL: {
    schema: url.optional(),
    expected: 'URL that receives alerts as a JSON POST with a Slack-compatible "text" field (e.g. a Slack incoming webhook)',
    secret: true,
  },
  METRICS_BIND: {
    schema: z.string().regex(/^[^\s:]+:\d+$/).optional(),
    expected: 'host:port serving the webhook receiver /metrics on its own address (then not on WEBHOOK_PORT), e.g. 127.0.0.1:9465',
  },

  // Epicor Kinetic
  EPICOR_BASE_URL: {
    schema: url.refine((u) => !/\/api(\/|$)/i.test(new URL(u).pathname), 'without /api'),
    expected: 'https://<host>/<Instance> (the instance root, without /api)',
    sandbox: (env) => `http://127.0.0.1:${sandboxPort(env, 'SANDBOX_EPICOR_PORT', DEFAULT_SANDBOX_EPICOR_PORT)}/Kinetic`,
  },
  EPICOR_COMPANY: { schema: z.string().min(1), expected: 'the Epicor company ID used in the URL, e.g. EPIC06', sandbox: 'EPIC06' },
  EPICOR_API_KEY: { schema: z.string().min(1), expected: 'an Epicor API key (API Key Maintenance)', secret: true, sandbox: 'sandbox-api-key' },
  EPICOR_AUTH: { schema: z.enum(['basic', 'token', 'oauth2']).default('basic'), expected: 'one of basic, token, oauth2' },
  EPICOR_USERNAME: { schema: optionalString, expected: 'the Epicor integration user', sandbox: 'manager' },
  EPICOR_PASSWORD: { schema: optionalString, expected: "the Epicor integration user's password", secret: true, sandbox: 'manager' },
  EPICOR_OAUTH_TOKEN_URL: { schema: url.optional(), expected: 'the OAuth2 token endpoint URL' },
  EPICOR_OAUTH_CLIENT_ID: { schema: optionalString, expected: 'the OAuth2 client id' },
  EPICOR_OAUTH_CLIENT_SECRET: { schema: optionalString, expected: 'the OAuth2 client secret', secret: true },
  EPICOR_OAUTH_SCOPE: { schema: optionalString, expected: 'the OAuth2 scope, e.g. epicor_erp' },
  EPICOR_PLANT: { schema: optionalString, expected: 'a plant/site id, sent in the CallSettings header' },
  EPICOR_LICENSE: { schema: z.string().uuid().optional(), expected: 'a license GUID for the License header' },
  EPICOR_PAGE_SIZE: { schema: positiveInt.max(1000).default(100), expected: 'rows per OData page ($top), 1..1000' },
  EPICOR_TIMEOUT_MS: { schema: positiveInt.default(30_000), expected: 'per-request timeout in milliseconds' },
  EPICOR_WRITE_SETTLE_MS: {
    schema: z.coerce.number().int().min(0).max(90_000).default(30_000),
    expected: 'milliseconds a write the client gave up on may still commit in Epicor, 0..90000',
  },

  // WooCommerce
  WOO_BASE_URL: { schema: url, expected: 'the store root URL, e.g. https://shop.example.com', sandbox: (env) => `http://127.0.0.1:${sandboxPort(env, 'SANDBOX_WOO_PORT', DEFAULT_SANDBOX_WOO_PORT)}` },
  WOO_CONSUMER_KEY: { schema: z.string().min(1), expected: 'a REST API consumer key (ck_...)', secret: true, sandbox: 'ck_sandbox_key' },
  WOO_CONSUMER_SECRET: { schema: z.string().min(1), expected: 'the consumer secret (cs_...)', secret: true, sandbox: 'cs_sandbox_secret' },
  WOO_WEBHOOK_SECRET: { schema: z.string().min(1), expected: 'the secret WooCommerce signs webhook deliveries with', secret: true, sandbox: 'sandbox-webhook-secret' },
  WOO_AUTH: {
    schema: z.enum(['basic', 'query', 'oauth1']).optional(),
    expected: 'one of basic, query, oauth1 (default: basic for https stores, oauth1 for http)',
  },
  WOO_TIMEOUT_MS: { schema: positiveInt.default(30_000), expected: 'per-request timeout in milliseconds' },

  // Webhook receiver
  WEBHOOK_PORT: { schema: port.default(3000), expected: 'a TCP port, 1..65535' },
  WEBHOOK_PUBLIC_URL: { schema: url.optional(), expected: 'the URL WooCommerce delivers webhooks to' },
  WEBHOOK_HEALTH_INTERVAL: { schema: duration.default('5m'), expected: 'how often the order webhooks are checked, e.g. 5m' },
  WEBHOOK_MAX_BODY_BYTES: { schema: positiveInt.default(1_048_576), expected: 'largest accepted webhook body in bytes' },

  // Sandbox
  SANDBOX: { schema: bool.optional(), expected: '1 or 0 (default 1 when neither EPICOR_BASE_URL nor WOO_BASE_URL is set)' },
  SANDBOX_EPICOR_PORT: { schema: port.default(DEFAULT_SANDBOX_EPICOR_PORT), expected: 'port of the simulated Epicor' },
  SANDBOX_WOO_PORT: { schema: port.default(DEFAULT_SANDBOX_WOO_PORT), expected: 'port of the simulated WooCommerce' },
  SANDBOX_SHOPPER_EVERY: { schema: duration.default('5s'), expected: 'how often the demo shopper orders, e.g. 5s' },

  // Sync loops (Epicor -> WooCommerce)
  SYNC_INTERVAL: { schema: duration.default('30s'), expected: 'pause between polling cycles, e.g. 30s or 5m' },
  SYNC_PART_CURSOR: { schema: z.enum(['SysRevID', 'ChangedOn']).default('SysRevID'), expected: 'SysRevID or ChangedOn' },
  SYNC_OVERLAP_SECONDS: { schema: z.coerce.number().int().min(0).default(120), expected: 'seconds of overlap for date cursors' },
  SYNC_STOCK_WAREHOUSES: { schema: z.string().default(''), expected: 'comma-separated warehouse codes counted as stock (empty = all)' },
  SYNC_RECONCILE_CRON: { schema: z.string().min(1).default('0 2 * * *'), expected: 'cron expression for the nightly reconcile' },
  SYNC_STOCK_OPEN_ORDER_DAYS: {
    schema: z.coerce.number().int().min(1).max(90).default(3),
    expected: 'days back the stock sync looks for WooCommerce orders Epicor does not have yet (1..90)',
  },
  SYNC_CUSTOMERS_SELECT: {
    schema: z.string().regex(/^(all|web-customer|group:[^,\s]+(,[^,\s]+)*)$/).default('web-customer'),
    // The demo shows the whole customer base as accounts; the simulated store sends no e-mail.
    sandbox: 'all',
    expected: 'which Epicor customers sync: web-customer (Customer.WebCustomer), all, or group:CODE1,CODE2 (Customer.GroupCode)',
  },
  SYNC_CUSTOMERS_CREATE: {
    schema: bool.default('0'),
    sandbox: '1',
    expected: '1 to create store accounts for selected Epicor customers (WooCommerce may e-mail them), 0 to only update existing ones (default)',
  },
  SYNC_VARIATION_PATTERN: {
    schema: z.string().default('').refine(validFamilyPattern, 'needs a valid regular expression with (?<family>...) and (?<option>...) groups'),
    expected: 'regular expression over PartNum with named groups family and option, e.g. ^(?<family>.+)-(?<option>[A-Z]{1,3})$ (empty = no variable products)',
  },
  SYNC_VARIATION_CLASSES: { schema: z.string().default(''), expected: 'comma-separated Part.ClassID values whose parts may be variations (empty = any class)' },
  SYNC_VARIATION_ATTRIBUTE: { schema: z.string().min(1).default('Option'), expected: 'name of the WooCommerce attribute that tells variations apart' },

  // Orders (WooCommerce -> Epicor)
  ORDER_PONUM_FORMAT: {
    schema: z.string().refine((f) => f.includes('{number}') || f.includes('{id}'), 'needs {number} or {id}').default('WEB-{number}'),
    expected: 'PONum template containing {number} or {id} (may also use {store}); at most 50 characters once filled in',
  },
  ORDER_GUEST_MODE: { schema: z.enum(['web-customer', 'create']).default('web-customer'), expected: 'web-customer or create' },
  ORDER_GUEST_CUSTID: { schema: z.string().min(1).default('WEBGUEST'), expected: 'Epicor CustID used for guest orders' },
  ORDER_SHIPPING: { schema: z.enum(['misc-charge', 'part', 'ignore']).default('misc-charge'), expected: 'misc-charge, part or ignore' },
  ORDER_SHIPPING_CODE: { schema: z.string().min(1).default('FRT'), expected: 'misc charge code or PartNum for shipping' },
  ORDER_FEE_CODE: { schema: z.string().min(1).default('FEE'), expected: 'misc charge code for fees' },
  ORDER_CHECK_CURRENCY: {
    schema: bool.default('1'),
    // The demo store sells in EUR to simulated customers in USD.
    sandbox: '0',
    expected: '0 to book orders whose WooCommerce currency differs from the Epicor customer currency instead of parking them (default 1, 0 in the sandbox)',
  },
  ORDER_SHIP_VIA: {
    schema: z.string().default('').transform((v, ctx) => parsePairs(v) ?? (ctx.addIssue({ code: 'custom', message: 'pairs' }), z.NEVER)),
    expected: 'comma-separated WooCommerce shipping method = Epicor ShipViaCode, e.g. flat_rate=UPS,local_pickup=WILLCALL,flat_rate:3=FEDEX (unmapped methods keep the Epicor default)',
  },
  ORDER_COUNTRY_NUMS: {
    schema: z.string().default('').transform((v, ctx) => parseCountryNums(v) ?? (ctx.addIssue({ code: 'custom', message: 'pairs' }), z.NEVER)),
    // The simulator's Country table (src/sandbox/epicor/store.ts SIM_COUNTRIES).
    sandbox: 'US=1,CA=2,MX=3,GB=4,DE=5,FR=6,NL=7,AT=8,CH=9,IT=10,ES=11,BE=12,IE=13,AU=14',
    expected: 'comma-separated ISO country code = Epicor Country.CountryNum, e.g. US=1,DE=5 (needed for one-time ship-to addresses)',
  },
  ORDER_CANCEL_ACTION: { schema: z.enum(['hold', 'close']).default('hold'), expected: 'hold or close' },
  ORDER_REFUND_ROUTE: { schema: z.enum(['rma', 'ar-credit-memo']).default('rma'), expected: 'rma or ar-credit-memo' },
  ORDER_REFUND_REASON: { schema: z.string().min(1).default('WEB'), expected: 'Epicor return reason code for web refunds' },
  ORDER_REFUND_UNSHIPPED: {
    schema: z.enum(['reduce', 'credit']).default('reduce'),
    expected: 'reduce (refunded units not yet shipped come off the order line) or credit (credited like shipped ones)',
  },
  ORDER_IMPORT_STATUSES: {
    schema: z
      .string()
      .default('processing,completed')
      .transform((v) => [...new Set(v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))])
      .refine((list) => list.length > 0, 'needs at least one status')
      .refine((list) => !list.includes('cancelled'), 'cancelled orders are never imported (a cancellation holds or closes an imported order)'),
    expected: 'comma-separated WooCommerce statuses that import a new order, e.g. processing,completed (default; on-hold is unpaid)',
  },
  CATCHUP_INTERVAL: { schema: duration.default('60s'), expected: 'how often missed orders are looked for, e.g. 60s' },
  CATCHUP_SINCE: {
    schema: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/).optional(),
    expected: 'UTC time YYYY-MM-DDTHH:MM:SS from which a new catch-up loop imports missed orders (default: when it is first started)',
  },
  CATCHUP_OVERLAP_SECONDS: { schema: z.coerce.number().int().min(1).default(120), expected: 'seconds the catch-up window overlaps' },
} satisfies Record<string, Variable>;

function validFamilyPattern(pattern: string): boolean {
  if (pattern === '') return true;
  try {
    const re = new RegExp(pattern);
    return re.source.includes('(?<family>') && re.source.includes('(?<option>');
  } catch {
    return false;
  }
}

export type VariableName = keyof typeof variables;
