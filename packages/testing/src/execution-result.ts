import type { HistoryEvent } from './engine/execution-history';

/** One entry of the visited path: a state entered, or a retry of it (attempt > 0). */
export interface VisitedState {
  readonly name: string;
  readonly type: string;
  /** 0 when the state is entered, n for its n-th retry. */
  readonly attempt: number;
}

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Error name of an execution stopped by the simulator's max-transitions or max-virtual-time bound (a likely hang). */
export const SIMULATION_LIMIT_ERROR = 'Statecraft.SimulationLimitExceeded';

export interface ExecutionResult {
  readonly executionName: string;
  readonly executionArn: string;
  /** ABORTED only when the simulator's limits stopped the run (error SIMULATION_LIMIT_ERROR). */
  readonly status: ExecutionStatus;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** States in the order they were entered, retries included, Parallel/Map children interleaved as they ran. */
  readonly visited: readonly VisitedState[];
  /** State transitions as Step Functions Standard bills them: the start, each state entered, each retry. */
  readonly transitions: number;
  /** Task invocations per integration key (`organizations:createAccount`: 3). */
  readonly taskInvocations: Readonly<Record<string, number>>;
  readonly lambdaInvocations: number;
  /** Virtual seconds from start to end: Wait states, retry intervals and mock durations. */
  readonly elapsedSeconds: number;
  /** Coverage edges taken by this run (ids as in the coverage report). */
  readonly edgesTaken: readonly string[];
  /** The engine's trace of the run (entered, exited, failed, retried, caught, Choice rule taken), for debugging. */
  readonly events: readonly unknown[];
  /**
   * The execution history AWS would record (GetExecutionHistory's events: ExecutionStarted, TaskStateEntered,
   * TaskScheduled, ...), for example to check a long workflow against the 25,000-event quota.
   */
  readonly history?: readonly HistoryEvent[];
  /** The execution's input (`$$.Execution.Input`), kept so the execution can be redriven. */
  readonly executionInput?: unknown;
  /** `$$.Execution.RedriveCount`: 0 for a run, n for the n-th redrive. */
  readonly redriveCount?: number;
}
