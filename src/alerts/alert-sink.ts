import type { Logger } from '../logger';

/** One alert: `key` names the incident (same key = same incident), `text` is what a person reads. */
export interface Alert {
  key: string;
  text: string;
}

export type AlertState = 'firing' | 'resolved';

export interface AlertSink {
  send(alert: Alert & { state: AlertState }): Promise<void>;
}

const ICON: Record<AlertState, string> = { firing: ':rotating_light:', resolved: ':white_check_mark:' };

/**
 * The single place alerts leave the connector: always an error (or info, when resolved) log line carrying
 * `alert: <key>`, and with ALERT_URL a JSON POST whose `text` is what Slack, Mattermost, Teams workflows and
 * most chat/pager webhooks display. A POST that fails throws, so an activity calling this is retried.
 */
export function createAlertSink(opts: { url?: string; logger: Pick<Logger, 'error' | 'info'>; timeoutMs?: number }): AlertSink {
  return {
    async send({ key, text, state }) {
      if (state === 'firing') opts.logger.error({ alert: key }, text);
      else opts.logger.info({ alert: key, resolved: true }, text);
      if (!opts.url) return;
      const body = { text: `${ICON[state]} ${state === 'resolved' ? 'Resolved: ' : ''}${text}`, key, state, source: 'epicor-woo-connector' };
      const res = await fetch(opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      // The URL itself is a credential (Slack's carries its token): never in the message.
      if (!res.ok) throw new Error(`alert endpoint answered HTTP ${res.status}`);
    },
  };
}

/**
 * Open incidents of this process, for alerts raised from activities (which have no workflow state to remember
 * them in): the first failure fires, repeats of the same key are dropped, and a success resolves once.
 * Per process: after a worker restart an incident still open fires once more.
 */
export function createIncidents(sink: AlertSink) {
  // key -> who opened it: a shared incident (credentials) is resolved only by the one that saw it fail.
  const open = new Map<string, string>();
  return {
    async fire(alert: Alert, owner = ''): Promise<void> {
      if (open.has(alert.key)) return;
      await sink.send({ ...alert, state: 'firing' });
      open.set(alert.key, owner);
    },
    async resolve(alert: Alert, owner = ''): Promise<void> {
      if (!open.has(alert.key) || open.get(alert.key) !== owner) return;
      await sink.send({ ...alert, state: 'resolved' });
      open.delete(alert.key);
    },
    isOpen: (key: string) => open.has(key),
  };
}

export type Incidents = ReturnType<typeof createIncidents>;
