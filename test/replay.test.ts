import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { testWorkflowBundle } from './helpers/temporal';

// Histories recorded from real runs (scripts/record-histories.ts). Replaying them against today's workflow
// code fails on any change that would break workflows already running in production. `*.v1.json` come from
// the first release's code and prove the `patched()` branches keep it replaying.
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

/** Every id given to `patched()` in the workflow code, with constants resolved across src/workflows. */
function patchIds(): string[] {
  const root = resolve(__dirname, '../src/workflows');
  const sources = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(root, f), 'utf8'));
  const constants = new Map<string, string>();
  for (const src of sources) for (const m of src.matchAll(/const\s+([A-Z0-9_]+)\s*=\s*'([^']+)'/g)) constants.set(m[1], m[2]);
  const ids = new Set<string>();
  for (const src of sources) {
    for (const m of src.matchAll(/patched\(\s*(?:'([^']+)'|([A-Z0-9_]+))\s*\)/g)) {
      const id = m[1] ?? constants.get(m[2]);
      if (!id) throw new Error(`cannot resolve the patch id ${m[2]}`);
      ids.add(id);
    }
  }
  return [...ids].sort();
}

/** Patch ids whose marker a recorded history holds, i.e. whose new branch a replay goes through. */
function recordedPatchIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of files) {
    const events = (JSON.parse(readFileSync(join(dir, file), 'utf8')).events ?? []) as Record<string, any>[];
    for (const e of events) {
      for (const details of Object.values(e.markerRecordedEventAttributes?.details ?? {}) as { payloads?: { data: string }[] }[]) {
        for (const p of details.payloads ?? []) {
          const id = (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { id?: string }).id;
          if (id) ids.add(id);
        }
      }
    }
  }
  return ids;
}

describe('replay of recorded histories', () => {
  it('has a recorded history through every patched() branch (npm run record-histories records them)', () => {
    const recorded = recordedPatchIds();
    expect(patchIds().filter((id) => !recorded.has(id))).toEqual([]);
    expect(patchIds().length).toBeGreaterThan(0);
  });

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
