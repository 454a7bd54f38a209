import { AslState, AslStateMachine, listStates } from '../asl-types';
import { MockConfigurationError } from '../errors';
import { FAKE_ACCOUNT, FAKE_PARTITION, FAKE_REGION } from '../fake-resource-names';
import type { WorkflowDefinition } from '../workflow-definition';
import { TaskOutcome } from './engine-types';
import { ExecutionEngine } from './execution-engine';
import { runSingleState } from './single-state-run';
import type { Inspection } from './state-step';

/** A mocked outcome, as TestState's `mock` takes it: the integration's (or a Map's/Parallel's) result, or its error. */
export type TestStateMock =
  | { readonly result: unknown }
  | { readonly errorOutput: { readonly error: string; readonly cause?: string } };

export interface TestStateOptions {
  /** The state's input. @default {} */
  readonly input?: unknown;
  /** The context object (`$$`, `$states.context`). @default one built for a fresh execution */
  readonly context?: Record<string, unknown>;
  /** Workflow variables the state can read. @default {} */
  readonly variables?: Record<string, unknown>;
  /** Required for a Task; for a Map or Parallel it stands for running the branches or iterations. @default none */
  readonly mock?: TestStateMock;
  /** INFO returns no inspection data; DEBUG and TRACE return it. @default 'INFO' */
  readonly inspectionLevel?: 'INFO' | 'DEBUG' | 'TRACE';
  /** Retries already made (stateConfiguration.retrierRetryCount). @default 0 */
  readonly retrierRetryCount?: number;
}

/** The data each processing step produced (TestState's InspectionData), as JSON values rather than strings. */
export interface TestStateInspectionData {
  readonly input?: unknown;
  readonly afterInputPath?: unknown;
  readonly afterParameters?: unknown;
  readonly afterArguments?: unknown;
  readonly result?: unknown;
  readonly afterResultSelector?: unknown;
  readonly afterResultPath?: unknown;
  readonly variables?: Record<string, unknown>;
  readonly errorDetails?: { readonly retryIndex?: number; readonly retryBackoffIntervalSeconds?: number; readonly catchIndex?: number };
  /** A Map state's items after ItemsPath (JSONPath only), after ItemSelector and after ItemBatcher. */
  readonly afterItemsPath?: unknown;
  readonly afterItemSelector?: unknown;
  readonly afterItemBatcher?: unknown;
  /** A Map state's resolved ToleratedFailureCount, ToleratedFailurePercentage and MaxConcurrency. */
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
  readonly maxConcurrency?: number;
}

/** TestState's answer: SUCCEEDED, FAILED, RETRIABLE (a Retrier would run it again) or CAUGHT_ERROR (a Catcher took it). */
export interface TestStateResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: unknown;
  readonly nextState?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly inspectionData?: TestStateInspectionData;
}

/**
 * Runs one state of a definition once, as the Step Functions TestState API does (API reference: TestState,
 * InspectionData, MockInput): with the given input, context and variables and a mocked result or error, no Retry is
 * made (RETRIABLE says one would be) and a matching Catcher gives CAUGHT_ERROR with its output and next state.
 */
export async function testState(
  definition: WorkflowDefinition | AslStateMachine, stateName: string, options: TestStateOptions = {},
): Promise<TestStateResult> {
  const asl: AslStateMachine = 'asl' in definition ? (definition as WorkflowDefinition).asl : definition as AslStateMachine;
  const located = listStates(asl).find((s) => s.name === stateName);
  if (!located) {
    throw new MockConfigurationError(`testState: no state named '${stateName}' in the definition`);
  }
  const state: AslState = located.state;
  const mock = options.mock;
  if (state.Type === 'Task' && !mock) {
    throw new MockConfigurationError(`testState: Task state '${stateName}' needs a mock ({ result } or { errorOutput }); it never calls AWS`);
  }
  const outcome: TaskOutcome | undefined = mock
    ? ('errorOutput' in mock ? { error: { error: mock.errorOutput.error, cause: mock.errorOutput.cause ?? '' } } : { result: mock.result })
    : undefined;
  const language = state.QueryLanguage === 'JSONata' || (state.QueryLanguage === undefined && asl.QueryLanguage === 'JSONata') ? 'JSONata' : 'JSONPath';
  const name = 'test-state';
  const engine = new ExecutionEngine({
    definition: asl,
    input: options.input ?? {},
    executionName: name,
    executionArn: `arn:${FAKE_PARTITION}:states:${FAKE_REGION}:${FAKE_ACCOUNT}:execution:test-state:${name}`,
    stateMachineArn: `arn:${FAKE_PARTITION}:states:${FAKE_REGION}:${FAKE_ACCOUNT}:stateMachine:test-state`,
    stateMachineName: 'test-state',
    roleArn: `arn:${FAKE_PARTITION}:iam::${FAKE_ACCOUNT}:role/StatecraftTestingRole`,
    partition: FAKE_PARTITION,
    invokeTask: () => outcome ?? { result: null },
    substituteResult: (mapOrParallel) => (mapOrParallel === stateName ? outcome : undefined),
  });
  const single = await runSingleState(engine, {
    state,
    stateName,
    input: options.input ?? {},
    language,
    context: options.context,
    variables: options.variables,
    retrierRetryCount: options.retrierRetryCount,
  });
  const inspect = (options.inspectionLevel ?? 'INFO') !== 'INFO';
  const { inspection } = single;
  return {
    status: single.status,
    output: single.output,
    nextState: single.nextState,
    error: single.error,
    cause: single.cause,
    inspectionData: inspect ? {
      input: options.input ?? {},
      ...(language === 'JSONPath'
        ? { afterInputPath: inspection.afterInputPath, afterParameters: inspection.afterParameters }
        : { afterArguments: inspection.afterParameters }),
      result: inspection.result,
      ...(language === 'JSONPath' ? { afterResultSelector: inspection.afterResultSelector, afterResultPath: inspection.afterResultPath } : {}),
      variables: single.variables,
      ...mapInspection(inspection),
      ...(single.retryIndex !== undefined || single.catchIndex !== undefined
        ? {
          errorDetails: {
            retryIndex: single.retryIndex, retryBackoffIntervalSeconds: single.retryBackoffIntervalSeconds, catchIndex: single.catchIndex,
          },
        }
        : {}),
    } : undefined,
  };
}

/** The Map fields of InspectionData that this run produced (absent for other states). */
function mapInspection(inspection: Inspection): Partial<TestStateInspectionData> {
  const fields = ['afterItemsPath', 'afterItemSelector', 'afterItemBatcher', 'toleratedFailureCount', 'toleratedFailurePercentage', 'maxConcurrency'] as const;
  return Object.fromEntries(fields.filter((field) => inspection[field] !== undefined).map((field) => [field, inspection[field]]));
}
