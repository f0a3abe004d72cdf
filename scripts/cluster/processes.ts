import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { ROOT } from './settings';

export interface NodeProcess {
  name: string;
  pid: number;
  /** Resolves once the process has exited (any cause). */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (graceful shutdown), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** One connector process (`worker` or `webhook`, the production entries) with its output in `logFile`. */
export function spawnConnector(role: 'worker' | 'webhook', name: string, env: NodeJS.ProcessEnv, logFile: string): NodeProcess {
  return spawnNode(name, ['--require', 'tsx/cjs', 'src/cli/index.ts', role], env, logFile);
}

export function spawnNode(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): NodeProcess {
  const out = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    pid: child.pid!,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
