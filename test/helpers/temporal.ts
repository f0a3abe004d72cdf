import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';

/** Connects to the one dev server that test/global-setup.ts started for this run. */
export async function connectToTestServer(): Promise<TestWorkflowEnvironment> {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is unset: run tests through jest (global setup starts Temporal)');
  return TestWorkflowEnvironment.createFromExistingServer({ address });
}

/** The workflow bundle built once per run by global setup. */
export function testWorkflowBundle(): { codePath: string } {
  const codePath = process.env.TEMPORAL_TEST_BUNDLE;
  if (!codePath) throw new Error('TEMPORAL_TEST_BUNDLE is unset: run tests through jest');
  return { codePath };
}

/** Each test gets its own task queue so parallel test files never steal each other's tasks. */
export const uniqueTaskQueue = (prefix: string): string => `${prefix}-${randomUUID()}`;
