import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { testWorkflowBundle } from './helpers/temporal';

// Histories recorded from real runs (scripts/record-histories.ts). Replaying them against today's workflow
// code fails on any change that would break workflows already running in production. `*.v1.json` come from
// the first release's code and prove the `patched()` branches keep it replaying.
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has a recorded history for every long-running workflow type', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining(['order-import-completed.json', 'sync-parts.json', 'sync-stock.json', 'sync-customers.json', 'woo-catchup.json', 'webhook-health.json']),
    );
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    expect(history.events?.length).toBeGreaterThan(5);
    await Worker.runReplayHistory({ workflowBundle: testWorkflowBundle() }, history);
  });
});
