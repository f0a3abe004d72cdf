import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';

/**
 * The Temporal floor for an order: started the same way (signal-with-start with the wooChanged signal), then
 * as many sequential activities as a real import schedules, each doing nothing. Orders/s of the real import
 * over this is how much of the cost is the connector's own work.
 */
const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });
export const floorChanged = defineSignal<[unknown]>('wooChanged');

export async function floorOrder(input: { activities: number }): Promise<void> {
  let changed = false;
  setHandler(floorChanged, () => void (changed = true));
  await condition(() => changed);
  for (let i = 0; i < input.activities; i++) await noop();
}
