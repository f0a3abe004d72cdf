import type { Client } from '@temporalio/client';
import type { Config } from '../config';

/** Makes sure the long-running loops and schedules exist; safe to call on every start. */
export async function ensureWorkflows(_client: Client, _config: Config, _webhookUrl: string): Promise<void> {
  // Filled in when the sync and order flows land (ensureSyncWorkflows, ensureOrderWorkflows).
}
