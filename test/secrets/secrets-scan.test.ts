import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { startWooSimulator, type RunningWooSimulator } from '../../src/sandbox/woocommerce';
import { startFleet } from '../../scripts/cluster/connector';
import { ensureNamespace } from '../../scripts/cluster/temporal-server';
import { connectToTestServer } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

/**
 * After a full sandbox scenario (catalog and customer sync, orders by a registered customer and a guest, a
 * refund) run by the production processes, every configured secret and every customer e-mail is searched for
 * in the processes' logs and in the raw workflow histories as the Temporal server stores them.
 */
const token = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
const secrets = {
  EPICOR_API_KEY: token('epk-'),
  EPICOR_PASSWORD: token('pw-'),
  WOO_CONSUMER_KEY: token('ck_'),
  WOO_CONSUMER_SECRET: token('cs_'),
  WOO_WEBHOOK_SECRET: token('whs'),
};
const EPICOR_USER = 'integration';
const epicorCustomers = [
  { custId: 'WEBGUEST', name: 'Web Store Guest', email: 'orders@webstore.example' },
  { custId: 'JORG', name: 'Jörg Testperson', email: 'jorg.testperson@example.test' },
  { custId: 'SYNCED', name: 'Synced Only', email: 'synced.only@example.test' },
];
const GUEST = 'guest.shopper@example.test';
const emails = [...epicorCustomers.map((c) => c.email), GUEST];

/** Every form a secret could leak in: as is, and inside the Basic credentials built from it. */
const forms = (): Record<string, string> => ({
  ...secrets,
  'Epicor Basic credentials': Buffer.from(`${EPICOR_USER}:${secrets.EPICOR_PASSWORD}`).toString('base64'),
  'Woo Basic credentials': Buffer.from(`${secrets.WOO_CONSUMER_KEY}:${secrets.WOO_CONSUMER_SECRET}`).toString('base64'),
});

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

interface Found {
  logs: Record<string, string[]>;
  history: Record<string, string[]>;
}

/** Runs the scenario with (or without) payload encryption; returns which needles turned up where. */
async function scenario(encryptionKey?: string): Promise<Found & { workflows: number; control: string[] }> {
  const epicor: RunningEpicorSimulator = await startEpicorSimulator({
    apiKey: secrets.EPICOR_API_KEY,
    users: [{ username: EPICOR_USER, password: secrets.EPICOR_PASSWORD }],
    seed: {
      parts: [{ partNum: 'MUG-CAFE-350', description: 'Café Crème Mug', unitPrice: '12.50', webPart: true }, { partNum: 'TOWEL-01', description: 'Tea Towel', unitPrice: '7.90', webPart: true }],
      warehouses: [{ partNum: 'MUG-CAFE-350', warehouseCode: 'MAIN', onHandQty: 100 }, { partNum: 'TOWEL-01', warehouseCode: 'MAIN', onHandQty: 100 }],
      customers: epicorCustomers.map((c) => ({ ...c, checkDuplicatePO: true })),
    },
  });
  const woo: RunningWooSimulator = await startWooSimulator({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 100, keys: [{ consumerKey: secrets.WOO_CONSUMER_KEY, consumerSecret: secrets.WOO_CONSUMER_SECRET, permissions: 'read_write' }] });
  const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  // A value that is in order payloads, to show the scan does see payload bytes when they are plain.
  let control = '';
  const taskQueue = `secrets-${randomUUID()}`;
  // Its own namespace: the connector's loops have fixed ids, and the other scenario's (other key) must not meet these.
  const namespace = `secrets-${randomUUID()}`;
  await ensureNamespace(process.env.TEMPORAL_TEST_ADDRESS!, namespace);
  const fleet = await startFleet({
    env: {
      PATH: process.env.PATH,
      SANDBOX: '1',
      LOG_LEVEL: 'debug',
      TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_NAMESPACE: namespace,
      ...(encryptionKey ? { TEMPORAL_ENCRYPTION_KEY: encryptionKey } : {}),
      EPICOR_BASE_URL: epicor.baseUrl,
      EPICOR_AUTH: 'basic',
      EPICOR_USERNAME: EPICOR_USER,
      WOO_BASE_URL: woo.baseUrl,
      WOO_AUTH: 'basic',
      SYNC_INTERVAL: '2s',
      CATCHUP_INTERVAL: '5s',
      ...secrets,
    },
    logDir: dir,
    dataDir: dir,
    workers: 1,
    receivers: 1,
  });
  try {
    await waitFor('the catalog and the customers in WooCommerce', () => woo.sim.products().length === 2 && woo.sim.customers().length >= 2, 90_000);
    await waitFor('the order webhooks', () => woo.sim.webhooks().filter((w) => w.status === 'active').length >= 2, 60_000);
    const registered = woo.sim.placeOrder({ customer_email: 'jorg.testperson@example.test', line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }], shipping: '4.90' }) as { id: number; number: string; line_items: { id: number }[] };
    const guest = woo.sim.placeOrder({ billing: { first_name: 'Gast', last_name: 'Käufer', email: GUEST, country: 'DE' }, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] }) as { number: string };
    const inEpicor = (n: string) => epicor.sim.orders().some((o) => o.PONum === `WEB-${n}`);
    await waitFor('both orders in Epicor', () => inEpicor(registered.number) && inEpicor(guest.number), 90_000);
    // Only shipped units are credited (unshipped ones come off the order line): the warehouse ships the whole order first.
    const shipped = () => epicor.sim.orders().find((o) => o.PONum === `WEB-${registered.number}` && o.lines.length === 1 && o.miscCharges.length === 1);
    await waitFor('the registered order complete in Epicor', () => Boolean(shipped()), 90_000);
    epicor.sim.shipAll(shipped()!.OrderNum);
    woo.sim.createRefund(registered.id, { reason: 'chipped', line_items: [{ id: registered.line_items[0].id, quantity: 1 }] });
    await waitFor('the credit memo', () => epicor.sim.credits().length === 1, 90_000);
    control = `WEB-${registered.number}`;
  } finally {
    await fleet.stop();
    await Promise.allSettled([epicor.close(), woo.close()]);
  }

  const needles = { ...forms(), ...Object.fromEntries(emails.map((e) => [e, e])) };
  const found: Found = { logs: {}, history: {} };
  const controlIn: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.log'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [name, value] of Object.entries(needles)) if (text.includes(value)) (found.logs[name] ??= []).push(file);
  }
  // Raw history bytes as the server returns them, no data converter: what anyone with read access to Temporal sees.
  let workflows = 0;
  const { executions } = await env.client.workflowService.listWorkflowExecutions({ namespace, query: `TaskQueue = "${taskQueue}"`, pageSize: 1000 });
  for (const wf of executions) {
    workflows++;
    let nextPageToken: Uint8Array | undefined;
    do {
      const res = await env.client.workflowService.getWorkflowExecutionHistory({ namespace, execution: wf.execution, nextPageToken });
      const text = Buffer.from(temporal.api.history.v1.History.encode(res.history!).finish()).toString('utf8');
      for (const [name, value] of Object.entries(needles)) if (text.includes(value)) (found.history[name] ??= []).push(wf.type!.name!);
      if (text.includes(`"${control}"`)) controlIn.push(wf.type!.name!);
      nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
    } while (nextPageToken);
  }
  return { ...found, workflows, control: controlIn };
}

describe('secrets and customer data after a full sandbox scenario', () => {
  it('with payload encryption: no secret and no e-mail in any log or in the raw history', async () => {
    const found = await scenario(randomBytes(32).toString('base64'));
    expect(found.workflows).toBeGreaterThanOrEqual(5);
    expect(found.logs).toEqual({});
    expect(found.history).toEqual({});
  }, 300_000);

  it('without payload encryption: no secret and no e-mail in any log or history, though order payloads are readable', async () => {
    const found = await scenario();
    expect(found.workflows).toBeGreaterThanOrEqual(5);
    expect(found.control).toContain('orderImport');
    expect(found.logs).toEqual({});
    expect(found.history).toEqual({});
  }, 300_000);
});
