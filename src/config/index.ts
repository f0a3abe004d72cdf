export { loadConfig, isSandbox, ConfigError, secretValues } from './load-config';
export type { Config, EpicorConfig, WooConfig } from './load-config';
export { variables, SANDBOX_EPICOR_PORT, SANDBOX_WOO_PORT } from './variables';
