import type { Alert, AlertSink } from '../../alerts/alert-sink';

/**
 * Alerts raised by workflows, which remember themselves whether an incident is open (so one alert per incident,
 * and a resolved message when it ends). `raiseAlert({ key, text })` is the one entry point for every alert.
 */
export function createAlertActivities(sink: AlertSink) {
  return {
    raiseAlert: (alert: Alert): Promise<void> => sink.send({ ...alert, state: 'firing' }),
    resolveAlert: (alert: Alert): Promise<void> => sink.send({ ...alert, state: 'resolved' }),
  };
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;
