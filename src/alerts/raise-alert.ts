import { EventEmitter } from 'node:events';
import { logger } from '../logger';

/** One thing an operator must act on. `key` names the incident (`epicor-auth`); `text` says what to do. No secrets. */
export interface Alert {
  key: string;
  text: string;
}

/** Listeners get every alert raised in this process (tests; a sink that forwards alerts elsewhere). */
export const alerts = new EventEmitter<{ alert: [Alert]; resolved: [string] }>();

/**
 * The alert channel: one structured error line operators can route (log shipping, alerting rules), plus `alerts`
 * listeners. Every alert of the connector goes through here.
 */
export async function raiseAlert(alert: Alert): Promise<void> {
  logger.error({ alert: alert.key }, alert.text);
  alerts.emit('alert', alert);
}

/** An open incident is alerted again after this long, in case the first alert was missed. */
const REMIND_AFTER_MS = 6 * 60 * 60 * 1000;
const open = new Map<string, number>();

/**
 * Raises `alert` unless its incident is already open in this process: retries of one order, and other orders
 * failing the same way, make one alert, not one each. `resolveAlert` closes the incident.
 */
export async function raiseAlertOnce(alert: Alert, now = Date.now()): Promise<boolean> {
  const since = open.get(alert.key);
  if (since !== undefined && now - since < REMIND_AFTER_MS) return false;
  open.set(alert.key, now);
  await raiseAlert(alert);
  return true;
}

/** The incident is over (a call that failed now succeeds); a new failure alerts again. */
export function resolveAlert(key: string): void {
  if (!open.delete(key)) return;
  logger.info({ alert: key }, 'alert resolved');
  alerts.emit('resolved', key);
}
