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

  /** Each service's block of text, by name (top-level keys under `services:`). */
  const services = (): Record<string, string> => {
    const body = compose.slice(compose.indexOf('\nservices:\n'), compose.indexOf('\nvolumes:\n'));
    return Object.fromEntries(body.split(/\n(?= {2}[a-z][\w-]*:\n)/).slice(1).map((block) => [block.trim().split(':')[0], block]));
  };
  const published = (block: string) => [...block.matchAll(/^\s+- "([^"]+:\d+)"$/gm)].map((m) => m[1]);

  it('publishes the Temporal frontend, the Web UI and /metrics on loopback only; only the webhook port is public', () => {
    const s = services();
    expect(published(s.temporal)).toEqual(['127.0.0.1:7233:7233']);
    expect(published(s['temporal-ui'])).toEqual(['127.0.0.1:8080:8080']);
    expect(published(s.webhook)).toEqual(['3000:3000', '127.0.0.1:9464:9464']);
    // Anything else published on all interfaces must be opt-in and authenticated (the UI proxy profile).
    const open = Object.entries(s).filter(([name, block]) => name !== 'webhook' && published(block).some((p) => !p.startsWith('127.0.0.1:')));
    expect(open.map(([name]) => name)).toEqual(['ui-proxy']);
    expect(s['ui-proxy']).toContain('profiles: ["expose-ui"]');
    expect(s['ui-proxy']).toMatch(/UI_BASIC_AUTH_HASH: \$\{UI_BASIC_AUTH_HASH:\?/);
  });

  it('serves the app metrics on their own bind address, not the webhook port', () => {
    expect(services().webhook).toContain('METRICS_BIND: 0.0.0.0:9464');
  });

  it('runs the worker and the webhook receiver as separate services on Temporal with PostgreSQL', () => {
    for (const service of ['postgresql:', 'temporal:', 'temporal-ui:', 'worker:', 'webhook:']) expect(compose).toContain(`\n  ${service}`);
    expect(compose).toContain('command: ["worker"]');
    expect(compose).toContain('command: ["webhook"]');
  });
});
