import type { AslState } from '../asl-types';
import { ChildRunHost } from './child-runs';
import { EngineEvent } from './engine-types';
import { JsonataBindings } from './jsonata-expression';
import { PathScope } from './path-scope';
import { RunScope } from './run-scope';

/** The result of running one state once (without its Retry and Catch). */
export interface StateStep {
  readonly output: unknown;
  readonly next?: string;
  readonly assigned?: Record<string, unknown>;
}

/** What each step of processing a state produced (TestState's inspectionData). */
export interface Inspection {
  afterInputPath?: unknown;
  afterParameters?: unknown;
  result?: unknown;
  afterResultSelector?: unknown;
  afterResultPath?: unknown;
  /** A Map's items after ItemsPath, after ItemSelector (one input per iteration) and after ItemBatcher. */
  afterItemsPath?: unknown;
  afterItemSelector?: unknown;
  afterItemBatcher?: unknown;
  /** A Map's resolved settings. */
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  maxConcurrency?: number;
}

/** What running one state needs from the engine, beyond running branches and iterations. */
export interface StateHost extends ChildRunHost {
  /** The execution's seeded random source (intrinsics, jitter). */
  readonly random: () => number;
  emit(event: EngineEvent, scope: RunScope): void;
  /** Throws when the run was stopped or a sibling branch failed. */
  checkRunning(scope: RunScope): void;
  nowMillis(): number;
  jsonataBindings(stateName: string, states: Record<string, unknown>, variables: Record<string, unknown>): JsonataBindings;
  runTask(
    name: string, state: AslState, effective: unknown, scope: RunScope, context: Record<string, unknown>,
    pathScope: PathScope | undefined, enteredId: number, bindings?: JsonataBindings,
  ): Promise<unknown>;
}

/** One state to run once, as TestState gives it. */
export interface SingleStateRequest {
  readonly state: AslState;
  readonly stateName: string;
  readonly input: unknown;
  readonly language: 'JSONPath' | 'JSONata';
  readonly context?: Record<string, unknown>;
  readonly variables?: Record<string, unknown>;
  /** Retries already made (TestState's stateConfiguration.retrierRetryCount). */
  readonly retrierRetryCount?: number;
}

/** One state run once, in the TestState API's terms. */
export interface SingleStateOutcome {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: unknown;
  readonly nextState?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly inspection: Inspection;
  readonly variables: Record<string, unknown>;
  readonly retryIndex?: number;
  readonly retryBackoffIntervalSeconds?: number;
  readonly catchIndex?: number;
}
