import type { AslRetrier, AslState, AslStateMachine } from '../asl-types';
import { applyCatcher } from './catch-output';
import { contextObject, ExecutionContext } from './context-object';
import {
  EngineEvent, ExecutionOutcome, ExecutionRequest, RunCheckpoint,
} from './engine-types';
import { errorMatches, retryDelaySeconds, DEFAULT_MAX_ATTEMPTS } from './error-matching';
import { HistoryRecorder } from './execution-history';
import { seededRandom } from './intrinsics/seeded-random';
import { JsonataBindings } from './jsonata-expression';
import { executeJsonataState } from './jsonata-state';
import { executeJsonPathState } from './jsonpath-state';
import { PathScope } from './path-scope';
import { checkPayloadSize, producesNewData } from './payload-limits';
import { BranchAborted, causeOf, ChildFailure, ExecutionStop, StateFailure } from './run-failures';
import { RunScope } from './run-scope';
import { Inspection, StateHost, StateStep } from './state-step';
import { StatesError } from './states-error';
import { regionOf, taskTokenFor } from './task-resource';
import { runTask, TaskHost } from './task-run';
import { VirtualScheduler } from './virtual-scheduler';

/** Standard workflows may run for up to one year. */
const ONE_YEAR_SECONDS = 365 * 24 * 3600;
const DEFAULT_MAX_TRANSITIONS = 10_000;
/** Errors AWS reports with the "An error occurred while executing the state" prefix. */
const NO_RETRIES: number[] = [];
const PREFIXED_ERRORS = new Set(['States.Runtime', 'States.IntrinsicFailure', 'States.QueryEvaluationError']);

/** How a state ended: its output and the next state (undefined at the end). */
interface StateExit {
  readonly output: unknown;
  readonly next?: string;
}

/** One state's attempts so far: what Retry counts and what a retry runs with. */
interface Attempt {
  readonly enteredAt: number;
  readonly enteredId: number;
  readonly language: RunScope['language'];
  readonly stateScope: RunScope;
  readonly retryCounts: number[];
  retryCount: number;
  children?: ReadonlyArray<RunCheckpoint | undefined>;
}

/** Runs one execution of a state machine on a virtual clock. */
export class ExecutionEngine implements StateHost, TaskHost {
  /** The virtual clock; shared with the Parallel and Map runs (child-runs). */
  public readonly scheduler: VirtualScheduler;
  public readonly history: HistoryRecorder;
  private readonly events: EngineEvent[] = [];
  private readonly startMillis: number;
  private readonly executionContext: ExecutionContext;
  private readonly stateMachineContext: { Id: string; Name: string };
  public readonly random: () => number;
  private readonly seed: string;
  public readonly attempts = new Map<string, number>();
  private readonly maxTransitions: number;
  private readonly maxSeconds: number;
  private readonly timeoutSeconds?: number;
  private transitions = 1;
  public readonly region: string;

  constructor(public readonly request: ExecutionRequest) {
    this.startMillis = request.startMillis ?? Date.now();
    this.timeoutSeconds = request.definition.TimeoutSeconds;
    this.maxTransitions = request.maxTransitions ?? DEFAULT_MAX_TRANSITIONS;
    this.maxSeconds = request.maxVirtualSeconds ?? ONE_YEAR_SECONDS;
    this.scheduler = new VirtualScheduler((to) => this.limitAt(to));
    this.history = new HistoryRecorder(this.startMillis);
    this.seed = request.seed ?? `${request.executionName}#${request.redriveCount ?? 0}`;
    this.random = seededRandom(this.seed);
    this.executionContext = {
      Id: request.executionArn,
      Input: request.executionInput ?? request.input,
      Name: request.executionName,
      RoleArn: request.roleArn,
      StartTime: new Date(this.startMillis).toISOString(),
      RedriveCount: request.redriveCount ?? 0,
      ...(request.redriveCount ? { RedriveTime: new Date(this.startMillis).toISOString() } : {}),
    };
    this.stateMachineContext = { Id: request.stateMachineArn, Name: request.stateMachineName };
    this.region = regionOf(request.stateMachineArn);
  }

  /** Runs the execution to its end. Rejects only for errors outside the workflow (a broken mock). */
  public async run(): Promise<ExecutionOutcome> {
    const { definition, input } = this.request;
    const scope: RunScope = {
      variables: { ...(this.request.redriveFrom?.variables ?? {}) },
      language: definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath',
      abort: { aborted: false },
      lastEventId: 0,
      history: this.history,
      execution: { transitions: 1 },
    };
    this.history.add(this.request.redriveCount ? 'ExecutionRedriven' : 'ExecutionStarted', 0, 0,
      this.request.redriveCount ? 'executionRedrivenEventDetails' : 'executionStartedEventDetails',
      this.request.redriveCount ? { redriveCount: this.request.redriveCount } : { input, roleArn: this.request.roleArn });
    // The first state's entered event follows no event: previousEventId 0, as in GetExecutionHistory's example.
    scope.lastEventId = 0;
    if (this.timeoutSeconds !== undefined) {
      // The execution's own TimeoutSeconds: a timer on the clock that stops every fiber when it fires.
      this.scheduler.timer(this.timeoutSeconds, () => this.scheduler.stop(new ExecutionStop('timeout', 'Execution timed out')));
    }
    let outcome: Omit<ExecutionOutcome, 'events' | 'history' | 'historyLength' | 'elapsedSeconds' | 'transitions'>;
    try {
      const output = await this.scheduler.spawn(() => this.runStates(definition, input, scope, this.request.redriveFrom));
      outcome = { status: 'SUCCEEDED', output, checkpoint: { succeeded: true, output } };
      this.history.add('ExecutionSucceeded', this.scheduler.now, scope.lastEventId, 'executionSucceededEventDetails', { output });
    } catch (error) {
      const stop = this.scheduler.stoppedWith ?? error;
      if (stop instanceof ExecutionStop) {
        const checkpoint = (error as { checkpoint?: RunCheckpoint }).checkpoint ?? { succeeded: false };
        if (stop.reason === 'timeout') {
          outcome = { status: 'TIMED_OUT', error: 'States.Timeout', stopReason: 'timeout', checkpoint };
          this.history.add('ExecutionTimedOut', this.scheduler.now, scope.lastEventId, 'executionTimedOutEventDetails', { error: 'States.Timeout' });
        } else {
          outcome = { status: 'ABORTED', stopReason: stop.reason, cause: stop.message, checkpoint };
          this.history.add('ExecutionAborted', this.scheduler.now, scope.lastEventId, 'executionAbortedEventDetails', {});
        }
      } else if (error instanceof StateFailure) {
        outcome = { status: 'FAILED', error: error.error, cause: error.failureCause, checkpoint: error.checkpoint };
        this.history.add('ExecutionFailed', this.scheduler.now, scope.lastEventId, 'executionFailedEventDetails', { error: error.error, cause: error.failureCause });
      } else {
        this.scheduler.stop(error as Error);
        throw error;
      }
    }
    const elapsed = outcome.status === 'TIMED_OUT' ? this.timeoutSeconds! : this.scheduler.now;
    const history = this.history;
    return {
      ...outcome,
      events: this.events,
      get history() {
        return history.render();
      },
      historyLength: history.count,
      elapsedSeconds: elapsed,
      transitions: this.transitions,
    };
  }

  /** TestState: a Map's or Parallel's mocked result (or error) stands for running its branches or iterations. */
  public async substituteResult(stateName: string): Promise<{ used: boolean; result?: unknown }> {
    const hook = this.request.substituteResult;
    const outcome = hook?.(stateName);
    if (!outcome) {
      return { used: false };
    }
    if (outcome.error) {
      throw new StatesError(outcome.error.error, outcome.error.cause ?? '');
    }
    return { used: true, result: outcome.result };
  }

  private limitAt(to: number): Error | undefined {
    if (to > this.maxSeconds && (this.timeoutSeconds === undefined || this.timeoutSeconds > this.maxSeconds)) {
      return new ExecutionStop('max-virtual-seconds', `Stopped after ${this.maxSeconds} virtual seconds (maxVirtualSeconds); the workflow is probably waiting forever`);
    }
    return undefined;
  }

  /** Runs a list of states (the machine, a branch, an iteration) from StartAt (or a redrive's failed state) to its end. */
  public async runStates(machine: AslStateMachine, input: unknown, scope: RunScope, redrive?: RunCheckpoint): Promise<unknown> {
    if (redrive?.succeeded) {
      return redrive.output;
    }
    let name = redrive?.state ?? machine.StartAt;
    let current = redrive?.state ? redrive.input : input;
    let childCheckpoints = redrive?.children;
    if (redrive?.variables) {
      Object.assign(scope.variables, redrive.variables);
    }
    for (;;) {
      const state = machine.States[name];
      if (!state) {
        throw new StateFailure('States.Runtime', `State '${name}' does not exist`, { succeeded: false });
      }
      let result: StateExit;
      try {
        const pending = this.runStateWithRetries(name, state, current, scope, childCheckpoints);
        result = pending instanceof Promise ? await pending : pending;
      } catch (error) {
        if (error instanceof StatesError || error instanceof ChildFailure) {
          const checkpoint: RunCheckpoint = {
            succeeded: false,
            state: name,
            input: current,
            // A state that fails assigns nothing, so these are the variables it saw.
            variables: { ...scope.variables },
            children: error instanceof ChildFailure ? error.children : undefined,
          };
          throw new StateFailure(error.error, error instanceof ChildFailure ? error.failureCause : causeOf(error), checkpoint);
        }
        if (error instanceof BranchAborted || error instanceof ExecutionStop) {
          // Record where this list of states stopped, so a redrive continues there.
          const inner = (error as { checkpoint?: RunCheckpoint }).checkpoint;
          Object.assign(error, {
            checkpoint: {
              succeeded: false,
              state: name,
              input: current,
              variables: { ...scope.variables },
              children: inner && inner.state === undefined ? inner.children : undefined,
            },
          });
        }
        throw error;
      }
      childCheckpoints = undefined;
      if (result.next === undefined) {
        return result.output;
      }
      name = result.next;
      current = result.output;
    }
  }

  /**
   * One state with its Retry and Catch; returns its output and the next state (undefined at the end). A state whose
   * work is synchronous (a JSONPath Pass, Choice, Succeed) completes without a promise; a failure goes to `recover`.
   */
  private runStateWithRetries(
    name: string, state: AslState, input: unknown, scope: RunScope, childCheckpoints?: ReadonlyArray<RunCheckpoint | undefined>,
  ): StateExit | Promise<StateExit> {
    this.checkRunning(scope);
    this.transitions += 1;
    scope.execution.transitions += 1;
    if (scope.execution.transitions > this.maxTransitions) {
      const stop = new ExecutionStop('max-transitions', `Stopped after ${this.maxTransitions} state transitions (maxTransitions); the workflow is probably looping`);
      this.scheduler.stop(stop);
      throw stop;
    }
    const enteredAt = this.scheduler.now;
    this.emit({ type: 'StateEntered', state: { name, type: state.Type, input } }, scope);
    const enteredId = scope.history.add(`${state.Type}StateEntered`, enteredAt, scope.lastEventId, 'stateEnteredEventDetails', { name, input });
    scope.lastEventId = enteredId;
    const language: RunScope['language'] = state.QueryLanguage === 'JSONata' || (state.QueryLanguage === undefined && scope.language === 'JSONata') ? 'JSONata' : 'JSONPath';
    const attempt: Attempt = {
      enteredAt,
      enteredId,
      language,
      retryCount: 0,
      children: childCheckpoints,
      retryCounts: state.Retry ? state.Retry.map(() => 0) : NO_RETRIES,
      stateScope: language === scope.language ? scope : { ...scope, language },
    };
    try {
      const context = this.contextFor(name, state, 0, scope, enteredAt);
      const pending = this.executeState(name, state, input, attempt.stateScope, context, childCheckpoints, undefined, enteredId);
      if (!(pending instanceof Promise)) {
        return this.exitState(name, state, scope, language, pending);
      }
      return pending.then((step) => this.exitState(name, state, scope, language, step))
        .catch((caught: unknown) => this.recover(name, state, input, scope, attempt, caught));
    } catch (caught) {
      return this.recover(name, state, input, scope, attempt, caught);
    }
  }

  private exitState(name: string, state: AslState, scope: RunScope, language: RunScope['language'], step: StateStep): StateExit {
    if (step.assigned) {
      Object.assign(scope.variables, step.assigned);
    }
    if (producesNewData(state, language)) {
      checkPayloadSize(name, step.output, 'output');
    }
    if (state.Type !== 'Fail') {
      this.emit({ type: 'StateExited', state: { name, type: state.Type, output: step.output } }, scope);
      scope.lastEventId = scope.history.add(`${state.Type}StateExited`, this.scheduler.now, scope.lastEventId, 'stateExitedEventDetails', { name, output: step.output });
    }
    return { output: step.output, next: step.next };
  }

  /** A failed attempt: retried while a Retrier allows, else caught by a Catcher, else thrown on. */
  private async recover(name: string, state: AslState, input: unknown, scope: RunScope, attempt: Attempt, failure: unknown): Promise<StateExit> {
    let caught = failure;
    const { enteredAt, enteredId, language } = attempt;
    for (;;) {
      if (!(caught instanceof StatesError) && !(caught instanceof ChildFailure)) {
        throw caught;
      }
      const error = caught.error;
      let cause = caught instanceof ChildFailure ? caught.failureCause : causeOf(caught);
      if (caught instanceof StatesError && PREFIXED_ERRORS.has(error) && !(cause ?? '').startsWith('An error occurred while executing the state')) {
        cause = `An error occurred while executing the state '${name}' (entered at the event id #${enteredId}). ${cause ?? ''}`;
      }
      this.emit({ type: 'StateFailed', state: { name, type: state.Type }, Error: error, Cause: cause }, scope);
      if (language === 'JSONata' && error === 'States.QueryEvaluationError' && caught instanceof StatesError) {
        // HistoryEvent's evaluationFailedEventDetails: a JSONata evaluation failure, with the field it happened in.
        scope.lastEventId = scope.history.add('EvaluationFailed', this.scheduler.now, scope.lastEventId, 'evaluationFailedEventDetails', {
          error, cause, location: caught.location, state: name,
        });
      }
      if (state.Type === 'Fail') {
        throw caught;
      }
      const retryIndex = (state.Retry ?? []).findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
      const retrier = retryIndex >= 0 ? state.Retry![retryIndex] as AslRetrier : undefined;
      if (retrier && attempt.retryCounts[retryIndex] < (retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
        attempt.retryCounts[retryIndex] += 1;
        attempt.retryCount += 1;
        this.transitions += 1;
        scope.execution.transitions += 1;
        this.emit({ type: 'StateRetried', state: { name, type: state.Type }, retry: { index: retryIndex, attempt: attempt.retryCounts[retryIndex] } }, scope);
        await this.scheduler.sleep(retryDelaySeconds(retrier, attempt.retryCounts[retryIndex], this.random));
        this.checkRunning(scope);
        // A retried Parallel or Map runs whole again.
        attempt.children = undefined;
        try {
          const context = this.contextFor(name, state, attempt.retryCount, scope, enteredAt);
          const pending = this.executeState(name, state, input, attempt.stateScope, context, undefined, undefined, enteredId);
          return this.exitState(name, state, scope, language, pending instanceof Promise ? await pending : pending);
        } catch (again) {
          caught = again;
          continue;
        }
      }
      const catchIndex = (state.Catch ?? []).findIndex((catcher) => errorMatches(catcher.ErrorEquals, error));
      if (catchIndex < 0) {
        if (caught instanceof ChildFailure) {
          throw new ChildFailure(error, cause, caught.children);
        }
        throw new StatesError(error, cause ?? '', cause === undefined);
      }
      const catcher = state.Catch![catchIndex];
      this.emit({ type: 'StateCaught', state: { name, type: state.Type }, catch: { index: catchIndex }, Error: error, Cause: cause }, scope);
      const context = this.contextFor(name, state, attempt.retryCount, scope, enteredAt);
      const output = await applyCatcher(this, name, catcher, input, { Error: error, Cause: cause ?? '' }, { ...scope, language }, context);
      // The state exits with the catcher's output before the execution moves to the catcher's Next.
      this.emit({ type: 'StateExited', state: { name, type: state.Type, output } }, scope);
      scope.lastEventId = scope.history.add(`${state.Type}StateExited`, this.scheduler.now, scope.lastEventId, 'stateExitedEventDetails', { name, output });
      return { output, next: catcher.Next };
    }
  }

  /** The context object of a state's attempt (`$$`, `$states.context`). */
  public contextFor(name: string, state: AslState, retryCount: number, scope: RunScope, enteredAt = this.scheduler.now): Record<string, unknown> {
    return contextObject({
      execution: this.executionContext,
      stateMachine: this.stateMachineContext,
      stateName: name,
      enteredMillis: this.startMillis + enteredAt * 1000,
      retryCount,
      taskToken: state.Type === 'Task' ? taskTokenFor(this.request.executionName, name) : undefined,
      mapItem: scope.mapItem,
    });
  }

  public checkRunning(scope: RunScope): void {
    const stopped = this.scheduler.stoppedWith;
    if (stopped) {
      throw stopped;
    }
    if (scope.abort.aborted) {
      throw new BranchAborted();
    }
  }

  public emit(event: EngineEvent, scope: RunScope): void {
    this.events.push(scope.iterationIndex === undefined ? event : { ...event, index: scope.iterationIndex });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // One state, once.

  /** One state, once, in its query language (no Retry or Catch). */
  public executeState(
    name: string, state: AslState, input: unknown, scope: RunScope, context: Record<string, unknown>,
    children: ReadonlyArray<RunCheckpoint | undefined> | undefined, inspection?: Inspection, enteredId = 0,
  ): StateStep | Promise<StateStep> {
    if (scope.language === 'JSONata') {
      return executeJsonataState(this, name, state, input, scope, context, children, inspection, enteredId);
    }
    return executeJsonPathState(this, name, state, input, scope, context, children, inspection, enteredId);
  }

  /** A Task state's work (task-run). */
  public runTask(
    name: string, state: AslState, effective: unknown, scope: RunScope, context: Record<string, unknown>,
    pathScope: PathScope | undefined, enteredId: number, bindings?: JsonataBindings,
  ): Promise<unknown> {
    return runTask(this, name, state, effective, scope, context, pathScope, enteredId, bindings);
  }

  /** The virtual clock's time, in milliseconds since the epoch. */
  public nowMillis(): number {
    return this.startMillis + this.scheduler.now * 1000;
  }

  public jsonataBindings(stateName: string, states: Record<string, unknown>, variables: Record<string, unknown>): JsonataBindings {
    return { states, variables, partition: this.request.partition, seed: `${this.seed}:${stateName}`, random: this.random, stateName };
  }
}
