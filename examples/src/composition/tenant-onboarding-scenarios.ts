import { describedExecution, MockResponse, SimulatorMocks } from '@statecraft/testing';
import { PLATFORM } from './tenant-platform-stack';

/**
 * Parent-level mocks for tenant onboarding: each nested workflow is one `states:startExecution.sync:2` task whose
 * result (or failure) is scripted here; the child workflows are tested on their own in their packages.
 */
export const TENANT_INPUT = {
  tenantId: 'tenant-acme',
  accountName: 'Acme (tenant-acme)',
  email: 'aws+tenant-acme@acme.example',
  organizationalUnitId: PLATFORM.tenantsOu,
  parameters: { rawDataUri: 's3://example-ml-raw/churn/tenant-acme/' },
};

/** What a `.sync:2` StartExecution returns when the child succeeded (Output is parsed JSON). */
export function childSucceeded(output: unknown, minutes: number): MockResponse {
  return { return: describedExecution({ output }), durationSeconds: minutes * 60 };
}

/**
 * How a `.sync:2` StartExecution fails when the child failed: `States.TaskFailed`, with the child's DescribeExecution
 * result (and so its own Error and Cause) as the cause.
 */
export function childFailed(error: string | undefined, cause: string | undefined, minutes: number): MockResponse {
  const description = { Status: error ? 'FAILED' : 'TIMED_OUT', ...(error ? { Error: error } : {}), ...(cause ? { Cause: cause } : {}) };
  return { throw: { error: 'States.TaskFailed', cause: JSON.stringify(description) }, durationSeconds: minutes * 60 };
}

const putEvents = { return: { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 } };

export interface OnboardingBehaviour {
  readonly vend?: MockResponse;
  readonly firstModel?: MockResponse;
  readonly retire?: MockResponse;
}

/** Mocks of a realistic onboarding: vending takes 7 minutes, the first model 3 hours, retirement 20 minutes. */
export function onboardingMocks(behaviour: OnboardingBehaviour = {}): SimulatorMocks {
  return {
    states: {
      'Vend Tenant Account': behaviour.vend
        ?? childSucceeded({ tenantId: TENANT_INPUT.tenantId, accountId: '222233334444', status: 'READY' }, 7),
      'Train First Model': behaviour.firstModel
        ?? childSucceeded({ runId: 'run-1', stages: { deploy: { endpointName: PLATFORM.endpointName } } }, 180),
      'Retire Tenant Account': behaviour.retire ?? childSucceeded({ tenantId: TENANT_INPUT.tenantId, status: 'RETIRED' }, 20),
    },
    integrations: { 'events:putEvents': putEvents },
  };
}
