import type { Config } from '../config';
import { logger } from '../logger';

/** Separate worker/webhook processes need a server to talk to; default to the embedded one's address. */
export function temporalAddress(config: Config): string {
  if (config.temporal.address) return config.temporal.address;
  const address = `127.0.0.1:${config.temporal.devPort}`;
  logger.info(`TEMPORAL_ADDRESS is unset; connecting to the embedded dev server at ${address} (npm start runs it)`);
  return address;
}
