import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { EpicorClient } from '../epicor';
import type { WooClient } from '../woocommerce';
import type { AlertSink } from '../alerts/alert-sink';

/** What activities are built from; tests pass clients pointed at the simulators. */
export interface ActivityDeps {
  config: Config;
  epicor: EpicorClient;
  woo: WooClient;
  /** For activities that start or inspect other workflows (catch-up). */
  temporal: Client;
  /** Where alerts go; default: the log plus ALERT_URL. */
  alerts?: AlertSink;
}
