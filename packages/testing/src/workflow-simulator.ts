import { DEFAULT_FIELD_VALIDATION_MODE, FieldValidationMode, validateMockedCall } from './api-models';
import { AslState, LocatedState } from './asl-types';
import { CoverageTracker, edgeId } from './coverage';
import { MockConfigurationError, RedriveError, UnsupportedFeatureError } from './errors';
import { ExecutionPlan, ITEM_READER_CONTEXT_KEY, bindExecution, buildExecutionPlan, taskTokenFor, withExecutionInput } from './execution-plan';
import { ExecutionResult, ExecutionStatus, SIMULATION_LIMIT_ERROR, VisitedState } from './execution-result';
import { FAKE_ACCOUNT, FAKE_PARTITION, FAKE_REGION } from './fake-resource-names';
import { Integration, parseIntegration } from './integration';
import { evaluateJsonataOutput } from './jsonata-pass';
import { NO_AWS_CONFIG, StateMachine, statesTimeoutErrorClass } from './local-interpreter';
import { MockCall, MockResponse, SimulatorMocks, TaskFailure, evaluateMock, findMock, validateMock } from './mocks';
import { OrderedEventLog, withOrderedEventLog } from './ordered-event-log';
import { readReferencePath } from './reference-path';
import { VirtualClock, retryDelaySeconds } from './virtual-clock';
import { WorkflowDefinition } from './workflow-definition';

/** Standard workflows may run for up to one year. */
const ONE_YEAR_SECONDS = 365 * 24 * 3600;
/** Standard workflows fail past 25,000 history events; a run past 10,000 transitions is almost surely looping. */
const DEFAULT_MAX_TRANSITIONS = 10_000;

export interface SimulatorOptions {
  /**
   * Mocks by state name and by integration.
   * @default no mocks: any Task state fails the run with UnmockedTaskError
   */
  readonly mocks?: SimulatorMocks;
  /**
   * Items for Distributed Maps that read from an ItemReader, keyed by the Map state's name.
   * @default none: a definition with an ItemReader map is refused
   */
  readonly itemReaderItems?: Record<string, unknown[]>;
  /**
   * A run that makes more state transitions is stopped and reported ABORTED with Statecraft.SimulationLimitExceeded.
   * @default 10000
   */
  readonly maxTransitions?: number;
  /**
   * A run whose virtual clock passes this is stopped the same way (the execution's own TimeoutSeconds, when set and
   * lower, ends it first as TIMED_OUT / States.Timeout).
   * @default one year, the longest a Standard execution can run
   */
  readonly maxVirtualSeconds?: number;
  /**
   * Write `test-reports/workflow-coverage/<name>.json` after every run.
   * @default true
   */
  readonly writeCoverageReport?: boolean;
  /**
   * How each Task's request and mocked result are checked against the AWS API model of its operation (see the README,
   * "Mocks checked against AWS's API models"); as the TestState API's fieldValidationMode.
   * @default 'STRICT'
   */
  readonly fieldValidationMode?: FieldValidationMode;
}

export interface RunOptions {
  /**
   * Execution name (also `$$.Execution.Name`).
   * @default 'execution-<n>' (n counts this simulator's runs)
   */
  readonly executionName?: string;
}

/** Raised when a Task state has no mock: a test must never reach a real AWS service. */
export class UnmockedTaskError extends Error {
  constructor(stateName: string, integration: Integration) {
    super(
      `Task state '${stateName}' has no mock (resource ${integration.resource}). Mock it by state name ` +
      `(mocks.states['${stateName}']) or by integration (mocks.integrations['${integration.key}']); it never calls AWS.`,
    );
    this.name = 'UnmockedTaskError';
  }
}

interface ExecutionIdentity {
  readonly executionName: string;
  readonly executionInput: unknown;
  readonly redriveCount: number;
}

interface InterpreterEvent {
  type: string;
  state?: { name: string; type: string; input?: unknown };
  index?: number;
  retry?: { retrier: unknown; attempt: number };
  catch?: { catcher: unknown };
  Error?: string;
  Cause?: unknown;
}

/** Runs a WorkflowDefinition locally with aws-local-stepfunctions, mocks for every Task, and a virtual clock. */
export class WorkflowSimulator {
  public readonly definition: WorkflowDefinition;
  public readonly options: SimulatorOptions;
  private readonly plan: ExecutionPlan;
  private readonly coverageTracker: CoverageTracker;
  private readonly located: Map<string, LocatedState>;
  private runCount = 0;
  private sharedMachine?: StateMachine;

  constructor(definition: WorkflowDefinition, options: SimulatorOptions = {}) {
    this.definition = definition;
    this.options = options;
    this.plan = buildExecutionPlan(definition.asl);
    this.located = new Map(definition.states.map((s) => [s.name, s]));
    this.coverageTracker = CoverageTracker.for(definition);
    this.validateOptions();
  }

  /** Coverage across every run of this state machine in this test file. */
  public get coverage(): CoverageTracker {
    return this.coverageTracker;
  }

  /** Names of every Task state, nested ones included. */
  public get taskStates(): string[] {
    return this.definition.states.filter((s) => s.state.Type === 'Task').map((s) => s.name);
  }

  /** A simulator of the same definition (sharing coverage) with other options, e.g. other mocks. */
  public with(options: Partial<SimulatorOptions>): WorkflowSimulator {
    return new WorkflowSimulator(this.definition, { ...this.options, ...options });
  }

  /** Executes the workflow once. Rejects (rather than failing the execution) when a mock is missing or broken. */
  public async run(input: unknown = {}, runOptions: RunOptions = {}): Promise<ExecutionResult> {
    this.runCount += 1;
    const executionName = runOptions.executionName ?? `execution-${this.runCount}`;
    return this.execute(this.plan, this.machineFor(executionName), input, { executionName, executionInput: input, redriveCount: 0 });
  }

  /**
   * Redrives a failed, timed-out or aborted execution as `RedriveExecution` does: the same execution (name, ARN,
   * `$$.Execution.Input`) continues from the top-level state that did not complete, with the input that state had;
   * the states that completed are not run again. `$$.Execution.RedriveCount` is one more than before.
   *
   * Two simplifications, both conservative: a failed Parallel or Map state is run again whole (AWS reruns only its
   * failed branches or iterations), and retry counts and the virtual clock start again. The result reports only the
   * redriven part of the execution.
   */
  public async redrive(failed: ExecutionResult): Promise<ExecutionResult> {
    if (failed.status === 'SUCCEEDED') {
      throw new RedriveError(`execution '${failed.executionName}' succeeded: only a FAILED, TIMED_OUT or ABORTED execution can be redriven`);
    }
    if (failed.executionInput === undefined) {
      throw new RedriveError(`execution '${failed.executionName}' has no recorded input: redrive a result returned by run() or redrive()`);
    }
    const unfinished = this.lastTopLevelEntry(failed);
    if (!unfinished) {
      throw new RedriveError(`execution '${failed.executionName}' entered no state, so there is nothing to redrive`);
    }
    const plan = buildExecutionPlan(withExecutionInput({ ...this.definition.asl, StartAt: unfinished.name }, failed.executionInput));
    const asl = plan.bindsExecutionContext ? bindExecution(plan, failed.executionName) : plan.asl;
    const machine = new StateMachine(asl as never, { validationOptions: { noValidate: true }, awsConfig: NO_AWS_CONFIG });
    return this.execute(plan, machine, unfinished.input, {
      executionName: failed.executionName,
      executionInput: failed.executionInput,
      redriveCount: (failed.redriveCount ?? 0) + 1,
    });
  }

  /**
   * The top-level state an execution that did not succeed ended in (the Parallel or Map holding a failed branch
   * state): where `redrive` continues. Undefined for a succeeded execution.
   */
  public unfinishedState(result: ExecutionResult): string | undefined {
    return result.status === 'SUCCEEDED' ? undefined : this.lastTopLevelEntry(result)?.name;
  }

  /** The top-level state that contains `stateName` (itself when it is top-level). */
  public topLevelStateOf(stateName: string): string {
    let located = this.located.get(stateName);
    if (!located) {
      throw new MockConfigurationError(`no state named '${stateName}'`);
    }
    while (located.parent) {
      located = this.located.get(located.parent)!;
    }
    return located.name;
  }

  private lastTopLevelEntry(result: ExecutionResult): { name: string; input: unknown } | undefined {
    const entries = (result.events as InterpreterEvent[]).filter((event) => event.type === 'StateEntered' && event.state
      && this.located.get(event.state.name) && !this.located.get(event.state.name)!.parent);
    const last = entries[entries.length - 1];
    return last ? { name: last.state!.name, input: last.state!.input } : undefined;
  }

  private async execute(plan: ExecutionPlan, machine: StateMachine, input: unknown, identity: ExecutionIdentity): Promise<ExecutionResult> {
    const { executionName } = identity;
    const stateMachineName = this.definition.name;
    const executionArn = `arn:${FAKE_PARTITION}:states:${FAKE_REGION}:${FAKE_ACCOUNT}:execution:${stateMachineName}:${executionName}`;
    const timeoutError = await statesTimeoutErrorClass();

    const attempts = new Map<string, number>();
    const pendingDurations = new Map<string, number[]>();
    const taskInvocations: Record<string, number> = {};
    let lambdaInvocations = 0;
    let fatal: Error | undefined;
    let stop: { status: ExecutionStatus; error: string; cause: string } | undefined;
    let abort: () => void = () => undefined;

    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const taskName of this.taskStates) {
      const state = this.located.get(taskName)!.state;
      const integration = parseIntegration(state.Resource ?? '');
      handlers[taskName] = async (taskInput) => {
        // The event log is read asynchronously; one macrotask lets it catch up, so a run past its TimeoutSeconds stops
        // before this call instead of one state late. (The hang limits are guards; one state late does not matter.)
        if (plan.timeoutSeconds !== undefined) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (stop) {
          throw new Error(`stopped: ${stop.cause}`);
        }
        if (fatal) {
          // Aborted for a broken mock; the interpreter may still retry before it sees the abort.
          throw fatal;
        }
        const attempt = attempts.get(taskName) ?? 0;
        attempts.set(taskName, attempt + 1);
        taskInvocations[integration.key] = (taskInvocations[integration.key] ?? 0) + 1;
        if (integration.service === 'lambda') {
          lambdaInvocations += 1;
        }
        const call: MockCall = {
          stateName: taskName,
          integration,
          input: taskInput,
          attempt,
          executionName,
          taskToken: integration.pattern === 'WAIT_FOR_TASK_TOKEN' ? taskTokenFor(executionName, taskName) : undefined,
        };
        let response: MockResponse;
        try {
          response = await this.respond(call);
        } catch (error) {
          fatal ??= error as Error;
          abort();
          throw error;
        }
        const duration = response.durationSeconds ?? 0;
        const timedOut = state.TimeoutSeconds !== undefined && duration > state.TimeoutSeconds;
        queue(pendingDurations, taskName).push(timedOut ? state.TimeoutSeconds! : duration);
        if (timedOut || response.throw?.error === 'States.Timeout') {
          // The interpreter's own class, so States.TaskFailed in Retry/Catch does not match it (as in AWS).
          throw new timeoutError();
        }
        if (response.throw) {
          throw new TaskFailure(response.throw.error, response.throw.cause ?? '');
        }
        return response.return ?? null;
      };
    }

    for (const [stateName, output] of plan.jsonataPasses) {
      handlers[stateName] = (stateInput) => evaluateJsonataOutput(output, stateInput, {
        Execution: { Id: executionArn, Name: executionName, Input: identity.executionInput, RedriveCount: identity.redriveCount },
        StateMachine: { Name: stateMachineName },
        State: { Name: stateName },
      }, stateName);
    }

    const itemReaderContext: Record<string, unknown[]> = {};
    for (const [key, { stateName, maxItemsPerBatch }] of plan.itemReaderMaps) {
      const items = this.options.itemReaderItems![stateName];
      itemReaderContext[key] = maxItemsPerBatch ? chunk(items, maxItemsPerBatch).map((batch) => ({ Items: batch })) : items;
    }

    const eventLog = new OrderedEventLog();
    const execution = machine.run(input as never, withOrderedEventLog({
      overrides: {
        taskResourceLocalHandlers: handlers as never,
        waitTimeOverrides: Object.fromEntries(this.definition.states.filter((s) => s.state.Type === 'Wait').map((s) => [s.name, 0])),
        retryIntervalOverrides: Object.fromEntries(this.definition.states.filter((s) => s.state.Retry).map((s) => [s.name, 0])),
      },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: executionArn, Name: executionName, RedriveCount: identity.redriveCount, RoleArn: `arn:${FAKE_PARTITION}:iam::${FAKE_ACCOUNT}:role/StatecraftTestingRole` },
        StateMachine: { Id: `arn:${FAKE_PARTITION}:states:${FAKE_REGION}:${FAKE_ACCOUNT}:stateMachine:${stateMachineName}`, Name: stateMachineName },
        [ITEM_READER_CONTEXT_KEY]: itemReaderContext,
      } as never,
    }, eventLog));
    abort = execution.abort;

    const startedAt = Date.now();
    const clock = new VirtualClock();
    const events: InterpreterEvent[] = [];
    const visited: VisitedState[] = [];
    const entered: string[] = [];
    const edges = new Set<string>();
    const caught = new Set<string>();
    const retries = new Map<string, number>();
    let transitions = 1;
    const maxTransitions = this.options.maxTransitions ?? DEFAULT_MAX_TRANSITIONS;
    const maxSeconds = this.options.maxVirtualSeconds ?? ONE_YEAR_SECONDS;

    const consume = async () => {
      // In the order the events happened, Parallel branches and Map iterations included, and all of them.
      for await (const raw of eventLog.reorder(execution.eventLogs as never)) {
        const event = raw as unknown as InterpreterEvent;
        events.push(event);
        const name = event.state?.name;
        // Events the interpreter emits after we stopped it are not part of the reported run.
        if (!name || stop) {
          continue;
        }
        const marker = plan.choiceMarkers.get(name);
        if (marker) {
          if (event.type === 'StateEntered') {
            edges.add(marker.rule < 0 ? edgeId('Default', marker.choice, marker.next) : edgeId('Choice', marker.choice, marker.next, marker.rule));
          }
          continue;
        }
        const located = this.located.get(name)!;
        const timeline = this.timelineOf(located, event.index);
        const instance = `${timeline}|${name}`;
        switch (event.type) {
          case 'StateEntered':
            transitions += 1;
            retries.set(instance, 0);
            visited.push({ name, type: located.state.Type, attempt: 0 });
            entered.push(name);
            if (located.state.Type === 'Wait') {
              clock.advance(timeline, this.waitSeconds(located.state, event.state?.input, startedAt + clock.now(timeline) * 1000));
            }
            break;
          case 'StateRetried': {
            transitions += 1;
            const attempt = (retries.get(instance) ?? 0) + 1;
            retries.set(instance, attempt);
            visited.push({ name, type: located.state.Type, attempt });
            const index = indexOfJson(located.state.Retry ?? [], event.retry?.retrier);
            const retrier = located.state.Retry![index];
            edges.add(edgeId('Retry', name, name, index, retrier.ErrorEquals));
            clock.advance(timeline, retryDelaySeconds(retrier, event.retry!.attempt));
            break;
          }
          case 'StateFailed':
            this.settleState(located, timeline, clock, pendingDurations);
            break;
          case 'StateCaught': {
            const index = indexOfJson(located.state.Catch ?? [], event.catch?.catcher);
            const catcher = located.state.Catch![index];
            edges.add(edgeId('Catch', name, catcher.Next, index, catcher.ErrorEquals));
            caught.add(instance);
            break;
          }
          case 'StateExited':
            if (caught.delete(instance)) {
              break;
            }
            this.settleState(located, timeline, clock, pendingDurations);
            if (located.state.Next && located.state.Type !== 'Choice') {
              edges.add(edgeId('Next', name, located.state.Next));
            }
            break;
          default:
        }
        if (!stop && plan.timeoutSeconds !== undefined && clock.latest() > plan.timeoutSeconds) {
          stop = { status: 'TIMED_OUT', error: 'States.Timeout', cause: `Execution exceeded its TimeoutSeconds (${plan.timeoutSeconds})` };
          execution.abort();
        } else if (!stop && (transitions > maxTransitions || clock.latest() > maxSeconds)) {
          stop = {
            status: 'ABORTED',
            error: SIMULATION_LIMIT_ERROR,
            cause: transitions > maxTransitions
              ? `Stopped after ${maxTransitions} state transitions (maxTransitions); the workflow is probably looping`
              : `Stopped after ${maxSeconds} virtual seconds (maxVirtualSeconds); the workflow is probably waiting forever`,
          };
          execution.abort();
        }
      }
    };

    const consuming = consume();
    let status: ExecutionStatus = 'SUCCEEDED';
    let output: unknown;
    let error: string | undefined;
    let cause: string | undefined;
    try {
      output = await execution.result;
    } catch (failure) {
      const inner = ((failure as { cause?: Error }).cause ?? failure) as Error;
      status = 'FAILED';
      error = inner.name;
      cause = inner.message;
    }
    await consuming;
    if (fatal) {
      throw fatal;
    }
    if (stop) {
      ({ status, error, cause } = stop);
      output = undefined;
    }

    this.coverageTracker.record(entered, [...edges], { executionName, status });
    if (this.options.writeCoverageReport ?? true) {
      this.coverageTracker.writeReport();
    }
    return {
      executionName,
      executionArn,
      status,
      output: status === 'SUCCEEDED' ? output : undefined,
      error,
      cause,
      visited,
      transitions,
      taskInvocations,
      lambdaInvocations,
      elapsedSeconds: clock.latest(),
      edgesTaken: [...edges],
      events,
      executionInput: identity.executionInput,
      redriveCount: identity.redriveCount,
    };
  }

  /** The interpreter for this execution; shared across runs unless the definition reads per-execution context fields. */
  private machineFor(executionName: string): StateMachine {
    if (this.sharedMachine) {
      return this.sharedMachine;
    }
    const asl = this.plan.bindsExecutionContext ? bindExecution(this.plan, executionName) : this.plan.asl;
    const machine = new StateMachine(asl as never, { validationOptions: { noValidate: true }, awsConfig: NO_AWS_CONFIG });
    if (!this.plan.bindsExecutionContext) {
      this.sharedMachine = machine;
    }
    return machine;
  }

  private async respond(call: MockCall): Promise<MockResponse> {
    const mock = findMock(this.options.mocks ?? {}, call.stateName, call.integration);
    if (mock === undefined) {
      throw new UnmockedTaskError(call.stateName, call.integration);
    }
    const response = await evaluateMock(mock, call);
    validateMockedCall(call, response, this.options.fieldValidationMode ?? DEFAULT_FIELD_VALIDATION_MODE);
    return response;
  }

  /** Timelines: '' for the top level, `<parent timeline>/<Parallel or Map>#<branch>` below, `@<i>` per Map iteration. */
  private timelineOf(located: LocatedState, iteration?: number): string {
    if (!located.parent) {
      return '';
    }
    const parent = this.located.get(located.parent)!;
    const isMap = parent.state.Type === 'Map';
    return `${this.timelineOf(parent)}/${located.parent}#${located.branchIndex}${isMap && iteration !== undefined ? `@${iteration}` : ''}`;
  }

  private settleState(located: LocatedState, timeline: string, clock: VirtualClock, pendingDurations: Map<string, number[]>): void {
    if (located.state.Type === 'Task') {
      clock.advance(timeline, queue(pendingDurations, located.name).shift() ?? 0);
    }
    if (located.state.Type === 'Parallel' || located.state.Type === 'Map') {
      clock.join(timeline, `${timeline}/${located.name}#`);
    }
  }

  private waitSeconds(state: AslState, input: unknown, virtualNowMs: number): number {
    if (state.Seconds !== undefined) {
      return state.Seconds;
    }
    if (state.SecondsPath) {
      return Number(readReferencePath(state.SecondsPath, input));
    }
    const timestamp = state.Timestamp ?? (state.TimestampPath ? String(readReferencePath(state.TimestampPath, input)) : undefined);
    return timestamp ? Math.max(0, (Date.parse(timestamp) - virtualNowMs) / 1000) : 0;
  }

  private validateOptions(): void {
    const mocks = this.options.mocks ?? {};
    const taskNames = new Set(this.taskStates);
    for (const [name, mock] of Object.entries(mocks.states ?? {})) {
      if (!taskNames.has(name)) {
        throw new MockConfigurationError(`mocks.states['${name}']: no Task state of that name; Task states are: ${[...taskNames].join(', ')}`);
      }
      validateMock(mock, `mocks.states['${name}']`);
    }
    for (const [key, mock] of Object.entries(mocks.integrations ?? {})) {
      validateMock(mock, `mocks.integrations['${key}']`);
    }
    const missing = [...this.plan.itemReaderMaps.values()].filter(({ stateName }) => !Array.isArray(this.options.itemReaderItems?.[stateName]));
    if (missing.length > 0) {
      throw new UnsupportedFeatureError(
        `Distributed Map ${missing.map((m) => `'${m.stateName}'`).join(', ')} reads its items with an ItemReader, which cannot run ` +
        'locally; supply them: new WorkflowSimulator(definition, { itemReaderItems: { \'<Map state>\': [...] } })',
      );
    }
  }
}

function queue(queues: Map<string, number[]>, key: string): number[] {
  let found = queues.get(key);
  if (!found) {
    found = [];
    queues.set(key, found);
  }
  return found;
}

function indexOfJson(list: readonly unknown[], item: unknown): number {
  const text = JSON.stringify(item);
  return Math.max(0, list.findIndex((candidate) => JSON.stringify(candidate) === text));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    batches.push(items.slice(i, i + size));
  }
  return batches;
}
