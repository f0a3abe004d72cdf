import { readFile } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from '../config';
import { dataConverter } from './encryption-codec';

/** TLS/API-key options shared by the client and the worker connection (Temporal Cloud or mTLS). */
async function securityOptions(config: Config['temporal']): Promise<Pick<ConnectionOptions, 'tls' | 'apiKey' | 'metadata'>> {
  const tls = config.tls
    ? { clientCertPair: { crt: await readFile(config.tls.certPath), key: await readFile(config.tls.keyPath) } }
    : config.apiKey
      ? true
      : undefined;
  return { tls, apiKey: config.apiKey };
}

export async function connectClient(config: Config['temporal'], address: string): Promise<Client> {
  const connection = await Connection.connect({ address, ...(await securityOptions(config)) });
  return new Client({ connection, namespace: config.namespace, dataConverter: dataConverter(config.encryptionKey, config.encryptionOldKeys) });
}

export async function connectWorker(config: Config['temporal'], address: string): Promise<NativeConnection> {
  const security = await securityOptions(config);
  return NativeConnection.connect({ address, ...(security as NativeConnectionOptions) });
}
