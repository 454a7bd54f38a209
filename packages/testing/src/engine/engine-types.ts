import type { AslStateMachine } from '../asl-types';
import type { HistoryEvent } from './execution-history';

/** One call of a Task state's integration: the single place mocks are reached from. */
export interface TaskInvocation {
  readonly stateName: string;
  readonly resource: string;
  /** The effective input (after InputPath and Parameters, or Arguments). */
  readonly input: unknown;
  /** 0 for the state's first invocation in this execution, counting retries, loop re-entries and Map iterations. */
  readonly attempt: number;
  /** `$$.Task.Token` of this state. */
  readonly taskToken: string;
  /** The context object the state saw. */
  readonly context: unknown;
  /** The state's Credentials field, evaluated. */
  readonly credentials?: unknown;
}

/** What an integration did: a result or an error, and how long it took on the virtual clock. */
export interface TaskOutcome {
  readonly result?: unknown;
  readonly error?: { readonly error: string; readonly cause?: string };
  readonly durationSeconds?: number;
}

export type TaskInvoker = (call: TaskInvocation) => Promise<TaskOutcome> | TaskOutcome;

/** Distributed Map inputs and outputs (S3 in AWS): where ItemReader items come from and ResultWriter writes to. */
export interface DistributedMapIo {
  /** The items an ItemReader reads (its Parameters/Arguments already evaluated). */
  readItems(stateName: string, reader: Record<string, unknown>): unknown[] | Promise<unknown[]>;
  /** Writes the results as ResultWriter does and returns the Map state's result. */
  writeResults?(stateName: string, writer: Record<string, unknown>, mapRunArn: string, results: MapRunResults): unknown;
}

export interface MapRunResults {
  readonly succeeded: ReadonlyArray<{ readonly index: number; readonly input: unknown; readonly output: unknown }>;
  readonly failed: ReadonlyArray<{ readonly index: number; readonly input: unknown; readonly error: string; readonly cause?: string }>;
}

/**
 * The engine's own trace of a run, one entry per step, in the order the steps happened (Parallel branches and Map
 * iterations interleaved): entered, exited, failed, retried, caught, and the Choice rule taken.
 */
export interface EngineEvent {
  readonly type: 'StateEntered' | 'StateExited' | 'StateFailed' | 'StateRetried' | 'StateCaught' | 'ChoiceRuleTaken';
  readonly state: { readonly name: string; readonly type: string; readonly input?: unknown; readonly output?: unknown };
  /** Iteration index, for states inside a Map iteration. */
  readonly index?: number;
  /** Retrier index and retry number (1-based), for StateRetried. */
  readonly retry?: { readonly index: number; readonly attempt: number };
  /** Catcher index, for StateCaught. */
  readonly catch?: { readonly index: number };
  /** Choice rule index (-1 for Default), for ChoiceRuleTaken. */
  readonly rule?: number;
  readonly next?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

/** How one list of states (the machine, a Parallel branch, a Map iteration) ended: what a redrive continues from. */
export interface RunCheckpoint {
  readonly succeeded: boolean;
  readonly output?: unknown;
  /** The state that did not complete, its input and the variables it saw. */
  readonly state?: string;
  readonly input?: unknown;
  readonly variables?: Readonly<Record<string, unknown>>;
  /** For a Parallel or Map state that did not complete: how each branch or iteration ended (absent: never started). */
  readonly children?: ReadonlyArray<RunCheckpoint | undefined>;
}

export type EngineStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Why the engine stopped a run that did not end by itself. */
export type StopReason = 'timeout' | 'max-transitions' | 'max-virtual-seconds';

export interface ExecutionRequest {
  readonly definition: AslStateMachine;
  readonly input: unknown;
  readonly executionName: string;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly partition: string;
  /** `$$.Execution.Input` (differs from `input` on a redrive). @default input */
  readonly executionInput?: unknown;
  /** @default 0 */
  readonly redriveCount?: number;
  /** Wall-clock time the virtual clock starts at (ms since the epoch). @default Date.now() */
  readonly startMillis?: number;
  readonly invokeTask: TaskInvoker;
  readonly distributedMap?: DistributedMapIo;
  /** @default 10000 */
  readonly maxTransitions?: number;
  /** @default one year */
  readonly maxVirtualSeconds?: number;
  /** Seed of the FULL-jitter retry delays and JSONata's $random/$uuid. @default the execution name */
  readonly seed?: string;
  /** TestState: the mocked result of a Parallel or Map state (its branches or iterations do not run). */
  readonly substituteResult?: (stateName: string) => TaskOutcome | undefined;
  /** A redrive: how the redriven execution ended. */
  readonly redriveFrom?: RunCheckpoint;
}

export interface ExecutionOutcome {
  readonly status: EngineStatus;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly stopReason?: StopReason;
  readonly events: readonly EngineEvent[];
  readonly history: readonly HistoryEvent[];
  readonly historyLength: number;
  readonly elapsedSeconds: number;
  /** Standard's billed transitions: the start, each state entered, each retry. */
  readonly transitions: number;
  readonly checkpoint: RunCheckpoint;
}
