import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { variables } from '../../src/config';

// Only meaningful for `npm start` (embedded server, demo shopper) or set per service in the compose file.
const notForCompose = new Set(['TEMPORAL_ADDRESS', 'TEMPORAL_DEV_PORT', 'TEMPORAL_UI_PORT', 'SANDBOX_EPICOR_PORT', 'SANDBOX_WOO_PORT', 'TEMPORAL_DATA_DIR', 'SANDBOX', 'SANDBOX_SHOPPER_EVERY', 'WEBHOOK_PORT']);

describe('docker-compose.yml', () => {
  const compose = readFileSync(resolve(__dirname, '../../docker-compose.yml'), 'utf8');

  it('passes every variable of the env contract to the connector services', () => {
    const missing = Object.keys(variables).filter((name) => !notForCompose.has(name) && !compose.includes(`${name}: \${${name}:-}`));
    expect(missing).toEqual([]);
  });

  it('runs the worker and the webhook receiver as separate services on Temporal with PostgreSQL', () => {
    for (const service of ['postgresql:', 'temporal:', 'temporal-ui:', 'worker:', 'webhook:']) expect(compose).toContain(`\n  ${service}`);
    expect(compose).toContain('command: ["worker"]');
    expect(compose).toContain('command: ["webhook"]');
  });
});
