import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { clusterPorts, persistenceSettings } from '../../scripts/cluster/settings';
import { serverEnv } from '../../scripts/cluster/temporal-server';

const compose = readFileSync(resolve(__dirname, '../../docker-compose.yml'), 'utf8');

describe('persistence settings shared by docker-compose.yml and npm run cluster', () => {
  const settings = persistenceSettings();

  it('are read by the compose PostgreSQL and Temporal services from the one env file, and not repeated there', () => {
    for (const name of ['postgresql', 'temporal']) {
      const block = compose.slice(compose.indexOf(`\n  ${name}:\n`) + name.length + 5).split(/\n  [a-z-]+:\n/)[0];
      expect(block).toContain('env_file: deploy/temporal-postgres.env');
    }
    const repeated = Object.keys(settings).filter((key) => new RegExp(`^\\s+${key}:`, 'm').test(compose));
    expect(repeated).toEqual([]);
  });

  it('reach the cluster server unchanged, except where PostgreSQL listens on this machine', () => {
    const ports = clusterPorts({ CLUSTER_PORT_BASE: '17233' }, settings);
    const env = serverEnv(settings, ports, 'pw', '/cfg');
    const { DB_PORT, ...rest } = settings;
    expect(Object.fromEntries(Object.keys(rest).map((k) => [k, env[k]]))).toEqual(rest);
    expect([DB_PORT, env.DB_PORT, env.VISIBILITY_DB_PORT, env.POSTGRES_SEEDS]).toEqual(['5432', '17333', '17333', '127.0.0.1']);
    expect(settings).toMatchObject({ DB: 'postgres12', POSTGRES_USER: 'temporal', DBNAME: 'temporal', VISIBILITY_DBNAME: 'temporal_visibility' });
  });

  it('refuses a port base whose membership ports Temporal could not store (smallint), instead of a server that exits', () => {
    expect(() => clusterPorts({ CLUSTER_PORT_BASE: '37233' }, settings)).toThrow(/CLUSTER_PORT_BASE=37233: use 1024\.\.32741/);
    expect(clusterPorts({ CLUSTER_PORT_BASE: '32741' }, settings).serverEnv.WORKER_MEMBERSHIP_PORT).toBe('32767');
  });

  it('keeps the compose defaults when no port base is given', () => {
    expect(clusterPorts({}, settings)).toMatchObject({ postgres: 5432, frontend: 7233 });
  });
});
