import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { postgres } from './postgres';
import { clusterPaths, clusterPorts, persistenceSettings } from './settings';
import { ensureNamespace, ensureTemporalBinaries, serverEnv, setupSchema, temporalServer } from './temporal-server';

export interface ClusterInfra {
  address: string;
  namespace: string;
  logDir: string;
  dataDir: string;
  restartTemporal(): Promise<void>;
  restartPostgres(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL + the Temporal server on it, schema set up by the schema tool, namespace registered: what the
 * compose file's postgresql/temporal services do, without Docker. Restartable piece by piece (chaos runs).
 */
export async function startClusterInfra(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<ClusterInfra> {
  const paths = clusterPaths(env);
  const settings = persistenceSettings();
  const ports = clusterPorts(env, settings);
  const password = env.POSTGRES_PASSWORD || 'temporal';
  const namespace = env.TEMPORAL_NAMESPACE || 'default';
  mkdirSync(paths.logDir, { recursive: true });

  const bins = await ensureTemporalBinaries(paths.toolsDir, log);
  const pg = postgres({ dataDir: paths.pgData, logFile: join(paths.logDir, 'postgres.log'), port: ports.postgres, user: settings.POSTGRES_USER, password });
  log(`PostgreSQL on 127.0.0.1:${ports.postgres} (data ${paths.pgData})`);
  await pg.start();
  const senv = serverEnv(settings, ports, password, bins.configDir);
  try {
    await setupSchema(bins.sqlTool, senv);
    const server = temporalServer({ binary: bins.server, toolsDir: paths.toolsDir, env: senv, logFile: join(paths.logDir, 'temporal-server.log'), port: ports.frontend });
    log(`Temporal server ${server.address} (log ${join(paths.logDir, 'temporal-server.log')})`);
    await server.start();
    await ensureNamespace(server.address, namespace);
    return {
      address: server.address,
      namespace,
      logDir: paths.logDir,
      dataDir: paths.dataDir,
      restartTemporal: () => server.restart(),
      restartPostgres: () => pg.restart(),
      async stop() {
        await server.stop();
        await pg.stop();
      },
    };
  } catch (err) {
    await pg.stop();
    throw err;
  }
}
