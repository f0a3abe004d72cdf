import { resolveSecrets } from '../secrets/resolve-secrets';
import { variables, type VariableName } from './variables';

type Parsed = { [K in VariableName]: ReturnType<(typeof variables)[K]['schema']['parse']> };

export interface EpicorConfig {
  baseUrl: string;
  company: string;
  apiKey: string;
  auth: 'basic' | 'token' | 'oauth2';
  username?: string;
  password?: string;
  oauth?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
  plant?: string;
  license?: string;
  pageSize: number;
  timeoutMs: number;
  /** How long a write whose answer was lost (timeout, reset) may still commit; the retry looks it up only after. */
  writeSettleMs?: number;
}

export interface WooConfig {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  webhookSecret: string;
  auth: 'basic' | 'query' | 'oauth1';
  timeoutMs: number;
}

export interface Config {
  sandbox: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    apiKey?: string;
    tls?: { certPath: string; keyPath: string };
    encryptionKey?: string;
    /** Retired encryption keys: decrypt only. */
    encryptionOldKeys: string[];
    metricsBind?: string;
    devPort: number;
    uiPort: number;
    /** Where people open the Web UI (links in ctl output). */
    uiUrl?: string;
    dataDir: string;
  };
  epicor: EpicorConfig;
  woo: WooConfig;
  webhook: { port: number; publicUrl?: string; maxBodyBytes: number; healthInterval: string; metricsBind?: string };
  codec: { bind: string; corsOrigins: string[]; token?: string };
  alertUrl?: string;
  sandboxPorts: { epicor: number; woo: number };
  shopperEvery: string;
  sync: {
    interval: string;
    partCursor: 'SysRevID' | 'ChangedOn';
    overlapSeconds: number;
    stockWarehouses: string[];
    reconcileCron: string;
    stockOpenOrderDays: number;
    customers: { select: CustomerSelect; create: boolean };
    variations: { pattern?: string; classes: string[]; attribute: string };
  };
  orders: {
    poNumFormat: string;
    guestMode: 'web-customer' | 'create';
    guestCustId: string;
    shipping: 'misc-charge' | 'part' | 'ignore';
    shippingCode: string;
    feeCode: string;
    cancelAction: 'hold' | 'close';
    checkCurrency: boolean;
    /** Woo shipping `method_id` (or `method_id:instance_id`) -> Epicor ShipViaCode. */
    shipVia: Record<string, string>;
    /** ISO 3166 alpha-2 -> Epicor Country.CountryNum. */
    countryNums: Record<string, number>;
    refundRoute: 'rma' | 'ar-credit-memo';
    refundReason: string;
    /** Refunded units not yet shipped: taken off the open order line (reduce) or credited like shipped units. */
    refundUnshipped: 'reduce' | 'credit';
    /** Woo statuses that import an order not yet in Epicor (ORDER_IMPORT_STATUSES); an imported order is followed whatever its status. */
    importStatuses: readonly string[];
    catchupInterval: string;
    catchupSince?: string;
    catchupOverlapSeconds: number;
  };
}

/** Thrown with every problem at once, one line per variable; never contains a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

export function isSandbox(env: NodeJS.ProcessEnv): boolean {
  const flag = blankToUndefined(env.SANDBOX);
  if (flag !== undefined) return flag === '1' || flag === 'true';
  return !blankToUndefined(env.EPICOR_BASE_URL) && !blankToUndefined(env.WOO_BASE_URL);
}

/** Names of the variables that hold credentials (each also accepts `<NAME>_FILE` and the secrets file). */
export const secretVariableNames = (): string[] =>
  Object.entries(variables)
    .filter(([name, v]) => 'secret' in v && v.secret && name !== 'SECRETS_MASTER_KEY')
    .map(([name]) => name);

export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  const resolved = resolveSecrets(rawEnv, secretVariableNames());
  const env = resolved.env;
  const sandbox = isSandbox(env);
  const problems: string[] = [...resolved.problems];
  const values: Record<string, unknown> = {};

  for (const [name, variable] of Object.entries(variables)) {
    let raw = blankToUndefined(env[name]);
    if (raw === undefined && sandbox && 'sandbox' in variable) {
      raw = typeof variable.sandbox === 'function' ? variable.sandbox(env) : variable.sandbox;
    }
    const result = variable.schema.safeParse(raw);
    if (result.success) values[name] = result.data;
    else problems.push(raw === undefined ? `${name} is required: ${variable.expected}` : `${name} is invalid: expected ${variable.expected}`);
  }
  const v = values as Parsed;
  if (problems.length === 0) problems.push(...crossFieldProblems(v));
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    sandbox,
    logLevel: v.LOG_LEVEL,
    temporal: {
      address: v.TEMPORAL_ADDRESS,
      namespace: v.TEMPORAL_NAMESPACE,
      taskQueue: v.TEMPORAL_TASK_QUEUE,
      apiKey: v.TEMPORAL_API_KEY,
      tls: v.TEMPORAL_TLS_CERT_PATH && v.TEMPORAL_TLS_KEY_PATH ? { certPath: v.TEMPORAL_TLS_CERT_PATH, keyPath: v.TEMPORAL_TLS_KEY_PATH } : undefined,
      encryptionKey: v.TEMPORAL_ENCRYPTION_KEY,
      encryptionOldKeys: (v.TEMPORAL_ENCRYPTION_OLD_KEYS ?? '').split(',').map((k: string) => k.trim()).filter(Boolean),
      metricsBind: v.TEMPORAL_METRICS_BIND,
      devPort: v.TEMPORAL_DEV_PORT,
      uiPort: v.TEMPORAL_UI_PORT,
      uiUrl: v.TEMPORAL_UI_URL ?? (v.TEMPORAL_ADDRESS ? undefined : `http://127.0.0.1:${v.TEMPORAL_UI_PORT}`),
      dataDir: v.TEMPORAL_DATA_DIR,
    },
    epicor: {
      baseUrl: v.EPICOR_BASE_URL.replace(/\/+$/, ''),
      company: v.EPICOR_COMPANY,
      apiKey: v.EPICOR_API_KEY,
      auth: v.EPICOR_AUTH,
      username: v.EPICOR_USERNAME,
      password: v.EPICOR_PASSWORD,
      oauth:
        v.EPICOR_AUTH === 'oauth2'
          ? { tokenUrl: v.EPICOR_OAUTH_TOKEN_URL!, clientId: v.EPICOR_OAUTH_CLIENT_ID!, clientSecret: v.EPICOR_OAUTH_CLIENT_SECRET!, scope: v.EPICOR_OAUTH_SCOPE }
          : undefined,
      plant: v.EPICOR_PLANT,
      license: v.EPICOR_LICENSE,
      pageSize: v.EPICOR_PAGE_SIZE,
      timeoutMs: v.EPICOR_TIMEOUT_MS,
      writeSettleMs: v.EPICOR_WRITE_SETTLE_MS,
    },
    woo: {
      baseUrl: v.WOO_BASE_URL.replace(/\/+$/, ''),
      consumerKey: v.WOO_CONSUMER_KEY,
      consumerSecret: v.WOO_CONSUMER_SECRET,
      webhookSecret: v.WOO_WEBHOOK_SECRET,
      // Basic auth is ignored by WooCommerce on plain HTTP, so http stores default to OAuth 1.0a (reference §5).
      auth: v.WOO_AUTH ?? (v.WOO_BASE_URL.startsWith('https:') || sandbox ? 'basic' : 'oauth1'),
      timeoutMs: v.WOO_TIMEOUT_MS,
    },
    webhook: { port: v.WEBHOOK_PORT, publicUrl: v.WEBHOOK_PUBLIC_URL, maxBodyBytes: v.WEBHOOK_MAX_BODY_BYTES, healthInterval: v.WEBHOOK_HEALTH_INTERVAL, metricsBind: v.METRICS_BIND },
    codec: {
      bind: v.CODEC_BIND,
      corsOrigins: v.CODEC_CORS_ORIGINS
        ? v.CODEC_CORS_ORIGINS.split(',').map((o: string) => o.trim()).filter(Boolean)
        : [`http://127.0.0.1:${v.TEMPORAL_UI_PORT}`, `http://localhost:${v.TEMPORAL_UI_PORT}`],
      token: v.CODEC_TOKEN,
    },
    alertUrl: v.ALERT_URL,
    sandboxPorts: { epicor: v.SANDBOX_EPICOR_PORT, woo: v.SANDBOX_WOO_PORT },
    shopperEvery: v.SANDBOX_SHOPPER_EVERY,
    sync: {
      interval: v.SYNC_INTERVAL,
      partCursor: v.SYNC_PART_CURSOR,
      overlapSeconds: v.SYNC_OVERLAP_SECONDS,
      stockWarehouses: v.SYNC_STOCK_WAREHOUSES.split(',').map((s: string) => s.trim()).filter(Boolean),
      reconcileCron: v.SYNC_RECONCILE_CRON,
      stockOpenOrderDays: v.SYNC_STOCK_OPEN_ORDER_DAYS,
      customers: { select: customerSelect(v.SYNC_CUSTOMERS_SELECT), create: v.SYNC_CUSTOMERS_CREATE },
      variations: { pattern: v.SYNC_VARIATION_PATTERN || undefined, classes: list(v.SYNC_VARIATION_CLASSES), attribute: v.SYNC_VARIATION_ATTRIBUTE },
    },
    orders: {
      poNumFormat: v.ORDER_PONUM_FORMAT,
      guestMode: v.ORDER_GUEST_MODE,
      guestCustId: v.ORDER_GUEST_CUSTID,
      shipping: v.ORDER_SHIPPING,
      shippingCode: v.ORDER_SHIPPING_CODE,
      feeCode: v.ORDER_FEE_CODE,
      cancelAction: v.ORDER_CANCEL_ACTION,
      checkCurrency: v.ORDER_CHECK_CURRENCY,
      shipVia: v.ORDER_SHIP_VIA,
      countryNums: v.ORDER_COUNTRY_NUMS,
      refundRoute: v.ORDER_REFUND_ROUTE,
      refundReason: v.ORDER_REFUND_REASON,
      refundUnshipped: v.ORDER_REFUND_UNSHIPPED,
      importStatuses: v.ORDER_IMPORT_STATUSES,
      catchupInterval: v.CATCHUP_INTERVAL,
      catchupSince: v.CATCHUP_SINCE,
      catchupOverlapSeconds: v.CATCHUP_OVERLAP_SECONDS,
    },
  };
}

/** Which Epicor customers the customer sync considers (SYNC_CUSTOMERS_SELECT). */
export type CustomerSelect = { kind: 'all' } | { kind: 'web-customer' } | { kind: 'group'; groups: readonly string[] };

function customerSelect(value: string): CustomerSelect {
  if (value === 'all' || value === 'web-customer') return { kind: value };
  return { kind: 'group', groups: list(value.slice('group:'.length)) };
}

const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

function crossFieldProblems(v: Parsed): string[] {
  const problems: string[] = [];
  const need = (name: VariableName, when: string) => {
    if (v[name] === undefined) problems.push(`${name} is required when ${when}: ${variables[name].expected}`);
  };
  if (v.EPICOR_AUTH === 'basic' || v.EPICOR_AUTH === 'token') {
    need('EPICOR_USERNAME', `EPICOR_AUTH=${v.EPICOR_AUTH}`);
    need('EPICOR_PASSWORD', `EPICOR_AUTH=${v.EPICOR_AUTH}`);
  }
  if (v.EPICOR_AUTH === 'oauth2') {
    need('EPICOR_OAUTH_TOKEN_URL', 'EPICOR_AUTH=oauth2');
    need('EPICOR_OAUTH_CLIENT_ID', 'EPICOR_AUTH=oauth2');
    need('EPICOR_OAUTH_CLIENT_SECRET', 'EPICOR_AUTH=oauth2');
  }
  if (v.TEMPORAL_TLS_CERT_PATH) need('TEMPORAL_TLS_KEY_PATH', 'TEMPORAL_TLS_CERT_PATH is set');
  if (v.TEMPORAL_TLS_KEY_PATH) need('TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH is set');
  return problems;
}

/** Secret values of a config, so callers can scrub them from any text that leaves the process. */
export function secretValues(config: Config): string[] {
  return [
    config.temporal.apiKey,
    config.temporal.encryptionKey,
    ...config.temporal.encryptionOldKeys,
    config.codec.token,
    config.alertUrl,
    config.epicor.apiKey,
    config.epicor.password,
    config.epicor.oauth?.clientSecret,
    config.woo.consumerKey,
    config.woo.consumerSecret,
    config.woo.webhookSecret,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
