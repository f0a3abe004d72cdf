/**
 * Resolves on the first Ctrl-C or SIGTERM, so every entry point shuts down in order instead of dying.
 * The handlers stay installed while shutting down: one Ctrl-C can arrive twice (the terminal signals the
 * whole process group and a wrapper such as tsx or npm relays it too), and a second SIGINT without a
 * handler would kill the process mid-shutdown and orphan the embedded Temporal server. A signal more than
 * two seconds after the first means the user insists: exit at once.
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (first === undefined) {
        first = Date.now();
        resolve(signal);
      } else if (Date.now() - first > 2_000) {
        console.error(`Received ${signal} again: exiting without a clean shutdown.`);
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
