import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Project root (scripts/cluster/..). */
export const ROOT = resolve(__dirname, '../..');
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

/**
 * Temporal's persistence settings: the one env file docker-compose.yml also reads (env_file), so the
 * Docker stack and the Docker-free cluster cannot drift apart.
 */
export function persistenceSettings(path = resolve(ROOT, 'deploy/temporal-postgres.env')): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

export interface ClusterPaths {
  dataDir: string;
  pgData: string;
  logDir: string;
  toolsDir: string;
}

export function clusterPaths(env: NodeJS.ProcessEnv = process.env): ClusterPaths {
  const dataDir = resolve(ROOT, env.CLUSTER_DATA_DIR ?? '.data/cluster');
  return {
    dataDir,
    pgData: resolve(dataDir, 'postgres'),
    logDir: resolve(dataDir, 'logs'),
    toolsDir: resolve(ROOT, env.TEMPORAL_SERVER_DIR ?? '.tools/temporal-server'),
  };
}

/**
 * Ports of the cluster: docker-compose.yml's (Temporal's docker.yaml defaults, PostgreSQL's DB_PORT) unless
 * CLUSTER_PORT_BASE moves them all, so a chaos run or bench can stand beside a running cluster.
 */
export function clusterPorts(env: NodeJS.ProcessEnv = process.env, settings = persistenceSettings()) {
  const base = env.CLUSTER_PORT_BASE ? Number(env.CLUSTER_PORT_BASE) : undefined;
  // Temporal's SQL schema keeps each service's membership port in cluster_membership.rpc_port, a smallint: a
  // higher port makes the server exit at start ("value out of range for type smallint").
  if (base !== undefined && (!Number.isInteger(base) || base < 1024 || base + 26 > 32767)) {
    throw new Error(`CLUSTER_PORT_BASE=${env.CLUSTER_PORT_BASE}: use 1024..32741 (membership ports, base+20..+26, must fit Temporal's smallint rpc_port column)`);
  }
  const at = (offset: number, fallback: number) => (base === undefined ? fallback : base + offset);
  return {
    postgres: at(100, Number(env.CLUSTER_POSTGRES_PORT ?? settings.DB_PORT)),
    frontend: at(0, 7233),
    /** Temporal's docker.yaml reads these names. */
    serverEnv: {
      FRONTEND_GRPC_PORT: String(at(0, 7233)),
      FRONTEND_HTTP_PORT: String(at(10, 7243)),
      INTERNAL_FRONTEND_HTTP_PORT: String(at(13, 7246)),
      FRONTEND_MEMBERSHIP_PORT: String(at(20, 6933)),
      HISTORY_GRPC_PORT: String(at(1, 7234)),
      HISTORY_MEMBERSHIP_PORT: String(at(21, 6934)),
      MATCHING_GRPC_PORT: String(at(2, 7235)),
      MATCHING_MEMBERSHIP_PORT: String(at(22, 6935)),
      WORKER_GRPC_PORT: String(at(6, 7239)),
      WORKER_MEMBERSHIP_PORT: String(at(26, 6939)),
    },
  };
}

export type ClusterPorts = ReturnType<typeof clusterPorts>;
