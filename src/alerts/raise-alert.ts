import { EventEmitter } from 'node:events';
import { logger } from '../logger';
import type { AlertSink } from './alert-sink';

/** Where alerts leave the process (log + ALERT_URL, see alert-sink.ts); set once by the worker at start. */
let sink: AlertSink | undefined;
export function useAlertSink(next: AlertSink | undefined): void {
  sink = next;
}

/** A delivery failure is logged and never changes the caller's own outcome (an order retrying its credentials). */
async function deliver(alert: Alert, state: 'firing' | 'resolved'): Promise<void> {
  if (!sink) {
    if (state === 'firing') logger.error({ alert: alert.key }, alert.text);
    else logger.info({ alert: alert.key }, alert.text);
    return;
  }
  await sink.send({ ...alert, state }).catch((err: unknown) => logger.warn({ alert: alert.key, error: String(err) }, 'alert not delivered'));
}

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
  await deliver(alert, 'firing');
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
  void deliver({ key, text: `${key}: resolved, the failing calls succeed again` }, 'resolved');
  alerts.emit('resolved', key);
}
