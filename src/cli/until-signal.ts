/**
 * Resolves on the first Ctrl-C or SIGTERM, so every entry point shuts down in order instead of dying.
 * The handlers stay installed while shutting down and ignore repeats: one Ctrl-C can arrive more than once
 * (the terminal signals the whole process group and wrappers such as npm relay it), and a signal without
 * a handler would kill the process mid-shutdown and orphan the embedded Temporal server. A shutdown that
 * hangs is cut off after `forceAfterMs`.
 */
export function untilSignal(forceAfterMs = 30_000): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      setTimeout(() => {
        console.error(`Shutdown did not finish within ${forceAfterMs / 1000} s after ${signal}; exiting.`);
        process.exit(1);
      }, forceAfterMs).unref();
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
