import { loadConfig } from '../../src/config';
import { createWooClient } from '../../src/woocommerce';
import { runPing } from '../../src/cli/ping';
import { startEpicorSimulator } from '../../src/sandbox/epicor';
import { startWooSimulator } from '../../src/sandbox/woocommerce';

type Epicor = Awaited<ReturnType<typeof startEpicorSimulator>>;
type Woo = Awaited<ReturnType<typeof startWooSimulator>>;

describe('npm run ping', () => {
  let epicor: Epicor;
  let woo: Woo;
  const hookUrl = 'https://connector.example.test/webhooks/woocommerce';

  beforeAll(async () => {
    epicor = await startEpicorSimulator({});
    woo = await startWooSimulator({
      keys: [
        { consumerKey: 'ck_sandbox_key', consumerSecret: 'cs_sandbox_secret', permissions: 'read_write' },
        { consumerKey: 'ck_read_only', consumerSecret: 'cs_read_only', permissions: 'read' },
      ],
    });
    const admin = createWooClient(loadConfig({ SANDBOX: '1', WOO_BASE_URL: woo.baseUrl }).woo);
    for (const topic of ['order.created', 'order.updated']) {
      await admin.request('POST', '/webhooks', { body: { name: topic, topic, delivery_url: hookUrl, secret: 'ping-test-secret' } });
    }
    await admin.close();
  });

  afterAll(async () => {
    await epicor?.close();
    await woo?.close();
  });

  async function ping(overrides: Record<string, string> = {}) {
    const lines: string[] = [];
    const config = loadConfig({
      SANDBOX: '1',
      EPICOR_BASE_URL: epicor.baseUrl,
      WOO_BASE_URL: woo.baseUrl,
      WEBHOOK_PUBLIC_URL: hookUrl,
      EPICOR_TIMEOUT_MS: '5000',
      WOO_TIMEOUT_MS: '5000',
      ...overrides,
    });
    const exitCode = await runPing(config, (line) => lines.push(line));
    return { exitCode, lines, failed: lines.filter((l) => l.startsWith('FAIL')) };
  }

  it('passes every check against the sandbox and exits 0', async () => {
    const { exitCode, lines, failed } = await ping();
    expect(failed).toEqual([]);
    expect(exitCode).toBe(0);
    expect(lines.at(-1)).toMatch(/^All \d+ checks passed\.$/);
    expect(lines.join('\n')).toMatch(/PASS\s+Epicor\s+.*SalesOrderSvc/i);
    expect(lines.join('\n')).toMatch(/PASS\s+WooCommerce\s+.*order\.updated/);
  });

  it('says the Epicor API key was rejected', async () => {
    const { exitCode, failed } = await ping({ EPICOR_API_KEY: 'wrong-key' });
    expect(exitCode).toBe(1);
    expect(failed[0]).toMatch(/Epicor.*API key/i);
    expect(failed.join('\n')).not.toContain('wrong-key');
  });

  it('says the Epicor password was rejected', async () => {
    const { exitCode, failed } = await ping({ EPICOR_PASSWORD: 'not-the-password' });
    expect(exitCode).toBe(1);
    expect(failed[0]).toMatch(/Epicor.*(user name or password|credentials)/i);
    expect(failed.join('\n')).not.toContain('not-the-password');
  });

  it('says the Epicor company does not exist', async () => {
    const { exitCode, failed } = await ping({ EPICOR_COMPANY: 'NOPE01' });
    expect(exitCode).toBe(1);
    expect(failed[0]).toMatch(/Epicor.*compan.*NOPE01/i);
  });

  it('says a read-only WooCommerce key cannot write', async () => {
    const { exitCode, failed } = await ping({ WOO_CONSUMER_KEY: 'ck_read_only', WOO_CONSUMER_SECRET: 'cs_read_only' });
    expect(exitCode).toBe(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/WooCommerce\s+write permission: .*cannot write/);
  });

  it('says which order webhook is missing', async () => {
    const { exitCode, failed } = await ping({ WEBHOOK_PUBLIC_URL: 'https://elsewhere.example.test/hooks' });
    expect(exitCode).toBe(1);
    expect(failed).toHaveLength(2);
    expect(failed.join('\n')).toMatch(/order\.created/);
    expect(failed.join('\n')).toMatch(/order\.updated/);
  });

  it('tells the owner to let the connector create a missing webhook, not to create one by hand', async () => {
    const { failed } = await ping({ WEBHOOK_PUBLIC_URL: 'https://elsewhere.example.test/hooks' });
    expect(failed[0]).toMatch(/Let the connector create the webhooks/);
    expect(failed.join('\n')).not.toMatch(/create one\./);
  });

  it('fails an active webhook whose deliveries the receiver refused for their signature (another secret)', async () => {
    const hooks = woo.sim.webhooks().filter((w) => w.delivery_url === hookUrl && w.topic === 'order.created');
    const lines: string[] = [];
    const config = loadConfig({ SANDBOX: '1', EPICOR_BASE_URL: epicor.baseUrl, WOO_BASE_URL: woo.baseUrl, WEBHOOK_PUBLIC_URL: hookUrl });
    const exitCode = await runPing(config, (l) => lines.push(l), { refusedDeliveries: async () => ({ [hooks[0].id]: 3 }) });
    const failed = lines.filter((l) => l.startsWith('FAIL'));
    expect(exitCode).toBe(1);
    expect(failed).toEqual([expect.stringMatching(new RegExp(`webhook order\\.created: Webhook ${hooks[0].id} .* 3 of its deliveries were refused for their signature.*Let the connector create the webhooks`))]);
  });

  it('fails when no webhook URL is configured, because orders would then rely on catch-up alone', async () => {
    const lines: string[] = [];
    const config = loadConfig({ SANDBOX: '1', EPICOR_BASE_URL: epicor.baseUrl, WOO_BASE_URL: woo.baseUrl });
    expect(await runPing(config, (l) => lines.push(l))).toBe(1);
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([expect.stringMatching(/WEBHOOK_PUBLIC_URL is not set/)]);
  });
});
