import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where the Temporal CLI lives, in the order the README documents:
 * TEMPORAL_CLI_PATH, the project venv (scripts/install-temporal-cli.sh), `temporal` on PATH.
 * Undefined means "let @temporalio/testing download it", which only works with internet access.
 */
export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TEMPORAL_CLI_PATH) return env.TEMPORAL_CLI_PATH;
  const venv = resolve(__dirname, '../../.tools/venv/bin/temporal');
  if (isExecutable(venv)) return venv;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'temporal'))) return join(dir, 'temporal');
  }
  return undefined;
}

export function serverExecutable(env: NodeJS.ProcessEnv = process.env) {
  const path = resolveTemporalCli(env);
  return path ? { executable: { type: 'existing-path' as const, path } } : {};
}
