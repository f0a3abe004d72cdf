import type { EpicorConfig } from '../../src/config';

/** Client config pointing at a simulator started by the test; the sim's default credentials. */
export function simConfig(baseUrl: string, overrides: Partial<EpicorConfig> = {}): EpicorConfig {
  return {
    baseUrl,
    company: 'EPIC06',
    apiKey: 'sandbox-api-key',
    auth: 'basic',
    username: 'manager',
    password: 'manager',
    pageSize: 100,
    timeoutMs: 5_000,
    ...overrides,
  };
}

export const parts = (n: number, prefix = 'P') =>
  Array.from({ length: n }, (_, i) => ({
    partNum: `${prefix}${String(i + 1).padStart(4, '0')}`,
    description: `Part ${i + 1}`,
    unitPrice: '12.50',
  }));
