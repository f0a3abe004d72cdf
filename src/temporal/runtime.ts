import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Config } from '../config';

// One step quieter than the connector's own logs: at the default `info` the SDK's chatter (the workflow
// bundler's webpack report, worker state changes) is hidden; LOG_LEVEL=debug shows it.
const LEVELS: Record<Config['logLevel'], LogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  info: 'WARN',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'ERROR',
};

/**
 * Configures the Temporal SDK runtime of a worker process, before any worker connection exists: its log level
 * follows LOG_LEVEL, and with TEMPORAL_METRICS_BIND the SDK's own metrics (task latencies, activity
 * failures, sticky cache, pollers) are served for Prometheus at http://<bind>/metrics.
 */
export function installRuntime(config: Config): void {
  Runtime.install({
    logger: new DefaultLogger(LEVELS[config.logLevel]),
    telemetryOptions: config.temporal.metricsBind ? { metrics: { prometheus: { bindAddress: config.temporal.metricsBind } } } : undefined,
  });
}
