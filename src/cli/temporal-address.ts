import type { Config } from '../config';
import { logger } from '../logger';

/** Separate worker/webhook processes need a server to talk to; default to the embedded one's address. */
export function temporalAddress(config: Config): string {
  if (config.temporal.address) return config.temporal.address;
  logger.info('TEMPORAL_ADDRESS is unset; connecting to the embedded dev server at 127.0.0.1:7233 (npm start runs it)');
  return '127.0.0.1:7233';
}
