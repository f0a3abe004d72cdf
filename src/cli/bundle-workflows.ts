import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';

/** Pre-bundles the workflows for the Docker image (WORKFLOW_BUNDLE_PATH), so workers start without webpack. */
async function main(out = process.argv[2] ?? 'lib/workflow-bundle.js'): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  writeFileSync(out, code);
  console.log(`workflow bundle written to ${out} (${code.length} bytes)`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
