export { loadConfig, isSandbox, ConfigError, secretValues, secretVariableNames } from './load-config';
export type { Config, CustomerSelect, EpicorConfig, WooConfig } from './load-config';
export { variables } from './variables';
export { durationSeconds } from './duration';
