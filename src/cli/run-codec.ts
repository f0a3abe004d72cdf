import type { Config } from '../config';
import { logger } from '../logger';
import { serveCodec, type CodecServer } from '../temporal/codec-server';
import { encryptionCodec } from '../temporal/encryption-codec';
import { untilSignal } from './until-signal';

/** The codec server on CODEC_BIND with the configured keys (current and retired). */
export function startCodecServer(config: Config): Promise<CodecServer> {
  const codec = encryptionCodec(config.temporal.encryptionKey, config.temporal.encryptionOldKeys);
  if (!codec) throw new Error('TEMPORAL_ENCRYPTION_KEY is not set: payloads are not encrypted, there is nothing for a codec server to do');
  return serveCodec({ codec, corsOrigins: config.codec.corsOrigins, token: config.codec.token }, config.codec.bind);
}

/** Production entry: the codec server alone, next to the Web UI (docker compose service `codec`). */
export async function runCodec(config: Config): Promise<void> {
  const server = await startCodecServer(config);
  logger.info({ url: server.url, origins: config.codec.corsOrigins, token: Boolean(config.codec.token) }, 'codec server listening');
  await untilSignal();
  await server.close();
}
