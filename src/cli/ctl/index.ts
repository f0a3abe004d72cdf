import { CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../../config';
import { SecretsFileError } from '../../secrets/secrets-file';
import { connectClient } from '../../temporal/connection';
import { temporalAddress } from '../temporal-address';
import { CtlError, type CtlContext } from './context';
import { buildCtl } from './program';

async function main(): Promise<void> {
  let ctx: CtlContext | undefined;
  const program = buildCtl({
    env: process.env,
    out: (text) => console.log(text),
    async context() {
      if (!ctx) {
        const config = loadConfig();
        ctx = { config, client: await connectClient(config.temporal, temporalAddress(config)) };
      }
      return ctx;
    },
  });
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    // Mistakes and refusals are one readable line; anything else keeps its stack for a bug report.
    console.error(err instanceof CtlError || err instanceof ConfigError || err instanceof SecretsFileError ? err.message : err);
    process.exitCode = 1;
  } finally {
    await ctx?.client.connection.close();
  }
}

void main();
