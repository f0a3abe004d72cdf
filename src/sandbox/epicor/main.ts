import { demoCatalog, startEpicorSimulator } from './index';

/** Standalone simulator for the demo and benchmarks: `PORT=4010 HOST=0.0.0.0 tsx src/sandbox/epicor/main.ts`. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4010);
  const running = await startEpicorSimulator({
    port,
    host: process.env.HOST ?? '127.0.0.1',
    seed: demoCatalog({ parts: Number(process.env.DEMO_PARTS ?? 60), customers: Number(process.env.DEMO_CUSTOMERS ?? 12) }),
    tokenLifetimeSeconds: Number(process.env.TOKEN_LIFETIME_SECONDS ?? 1800),
  });
  const { sim } = running;
  console.log(`Epicor Kinetic simulator at ${running.baseUrl}`);
  console.log(`  EPICOR_BASE_URL=${running.baseUrl}  company ${sim.companies[0]}  x-api-key ${sim.apiKey}  user ${sim.users[0].username}`);
  console.log(`  admin: ${running.origin}/_admin/orders, /_admin/credits, /_admin/calls, /_admin/faults`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
