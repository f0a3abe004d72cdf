import { startEpicorSimulator, type SimPartInput } from '../src/sandbox/epicor';
import { startWooSimulator } from '../src/sandbox/woocommerce';

/**
 * Both simulators with BENCH_CATALOG_PARTS parts, in a process of their own so the bench measures the worker's
 * memory, not the simulated catalog's. Prints its URLs as one JSON line; SIGTERM stops it.
 */
export const benchPart = (n: number): SimPartInput => ({
  partNum: `B-${String(n).padStart(6, '0')}`,
  description: `Bench part ${n}, steel, ${n % 50} mm`,
  unitPrice: `${(n % 900) + 1}.${String(n % 100).padStart(2, '0')}`,
  salesUM: 'EA',
  webPart: true,
  inActive: false,
});

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_CATALOG_PARTS ?? 1000);
  const epicor = await startEpicorSimulator({ seed: { parts: Array.from({ length: count }, (_, i) => benchPart(i)) } });
  const woo = await startWooSimulator({});
  console.log(JSON.stringify({ epicorBaseUrl: epicor.baseUrl, epicorAdmin: `${epicor.origin}/_admin`, wooBaseUrl: woo.baseUrl, wooAdmin: `${woo.baseUrl}/_admin` }));
  process.on('SIGTERM', () => void Promise.allSettled([epicor.close(), woo.close()]).then(() => process.exit(0)));
}

if (require.main === module) void main();
