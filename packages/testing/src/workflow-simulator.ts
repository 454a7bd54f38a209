import { DEFAULT_FIELD_VALIDATION_MODE, FieldValidationMode, validateMockedCall } from './api-models';
import { LocatedState } from './asl-types';
import { CoverageTracker, edgeId } from './coverage';
import { EngineEvent, RunCheckpoint, TaskOutcome } from './engine/engine-types';
import { ExecutionEngine } from './engine/execution-engine';
import { ItemReaderSpec, readItems } from './engine/item-reader';
import { ResultWriterSpec, writeResults } from './engine/result-writer';
import { S3ObjectSource } from './engine/s3-object-source';
import { MockConfigurationError, RedriveError, UnsupportedFeatureError } from './errors';
import { ExecutionResult, ExecutionStatus, SIMULATION_LIMIT_ERROR, VisitedState } from './execution-result';
import { FAKE_ACCOUNT, FAKE_PARTITION, FAKE_REGION } from './fake-resource-names';
import { Integration, parseIntegration } from './integration';
import { MockCall, MockResponse, SimulatorMocks, evaluateMock, findMock, validateMock } from './mocks';
import { WorkflowDefinition } from './workflow-definition';

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
   * Mocked S3 objects a Distributed Map's ItemReader reads (JSON, JSON Lines, CSV, S3 inventory manifests, listings)
   * and its ResultWriter writes to, for example an `InMemoryS3ObjectSource`.
   * @default none: ItemReader maps need itemReaderItems, and a ResultWriter is not written
   */
  readonly s3?: S3ObjectSource;
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

/** Where each result's execution stopped, so `redrive` can continue it (kept beside the result, not in it). */
const checkpoints = new WeakMap<ExecutionResult, RunCheckpoint>();

/**
 * Runs a WorkflowDefinition locally on the Statecraft ASL engine (`src/engine`), with mocks for every Task and a
 * virtual clock.
 */
export class WorkflowSimulator {
  public readonly definition: WorkflowDefinition;
  public readonly options: SimulatorOptions;
  private readonly coverageTracker: CoverageTracker;
  private readonly located: Map<string, LocatedState>;
  /** Each state's Next edge, named once: coverage records one per state exited. */
  private readonly nextEdges: Map<string, string>;
  private runCount = 0;
  private readonly integrations = new Map<string, Integration>();

  constructor(definition: WorkflowDefinition, options: SimulatorOptions = {}) {
    this.definition = definition;
    this.options = options;
    this.located = new Map(definition.states.map((s) => [s.name, s]));
    this.nextEdges = new Map(definition.states
      .filter((s) => s.state.Next && s.state.Type !== 'Choice')
      .map((s) => [s.name, edgeId('Next', s.name, s.state.Next!)]));
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
    return this.execute(input, { executionName, executionInput: input, redriveCount: 0 });
  }

  /**
   * Redrives a failed, timed-out or aborted execution as `RedriveExecution` does: the same execution (name, ARN,
   * `$$.Execution.Input`) continues from the state that did not complete, with the input and variables that state
   * had; the states that completed are not run again, and of a Parallel or Map only the branches or iterations that
   * did not succeed run again ("Redriving executions", developer guide). `$$.Execution.RedriveCount` is one more than
   * before. The result reports only the redriven part of the execution; retry counts and the virtual clock start again.
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
    const checkpoint = checkpoints.get(failed) ?? { succeeded: false, state: unfinished.name, input: unfinished.input };
    return this.execute(failed.executionInput, {
      executionName: failed.executionName,
      executionInput: failed.executionInput,
      redriveCount: (failed.redriveCount ?? 0) + 1,
    }, checkpoint);
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
    const entries = (result.events as EngineEvent[]).filter((event) => event.type === 'StateEntered'
      && this.located.get(event.state.name) && !this.located.get(event.state.name)!.parent);
    const last = entries[entries.length - 1];
    return last ? { name: last.state.name, input: last.state.input } : undefined;
  }

  private async execute(input: unknown, identity: ExecutionIdentity, redriveFrom?: RunCheckpoint): Promise<ExecutionResult> {
    const { executionName } = identity;
    const stateMachineName = this.definition.name;
    const stateMachineArn = `arn:${FAKE_PARTITION}:states:${FAKE_REGION}:${FAKE_ACCOUNT}:stateMachine:${stateMachineName}`;
    const executionArn = `arn:${FAKE_PARTITION}:states:${FAKE_REGION}:${FAKE_ACCOUNT}:execution:${stateMachineName}:${executionName}`;
    const taskInvocations: Record<string, number> = {};
    let lambdaInvocations = 0;
    const integrations = this.integrations;

    const engine = new ExecutionEngine({
      definition: this.definition.asl,
      input: redriveFrom ? identity.executionInput : input,
      executionInput: identity.executionInput,
      executionName,
      executionArn,
      stateMachineArn,
      stateMachineName,
      roleArn: `arn:${FAKE_PARTITION}:iam::${FAKE_ACCOUNT}:role/StatecraftTestingRole`,
      partition: FAKE_PARTITION,
      redriveCount: identity.redriveCount,
      redriveFrom,
      maxTransitions: this.options.maxTransitions,
      maxVirtualSeconds: this.options.maxVirtualSeconds,
      distributedMap: {
        readItems: (stateName, reader) => {
          const items = this.options.itemReaderItems?.[stateName];
          if (Array.isArray(items)) {
            return items;
          }
          if (this.options.s3) {
            return readItems(reader as unknown as ItemReaderSpec, this.options.s3);
          }
          throw new UnsupportedFeatureError(`Distributed Map '${stateName}' reads its items with an ItemReader; supply them with itemReaderItems or s3`);
        },
        writeResults: this.options.s3 ? (_stateName, writer, mapRunArn, results) => writeResults({
          writer: writer as ResultWriterSpec,
          mapRunArn,
          s3: this.options.s3!,
          executions: [
            ...results.succeeded.map((item) => ({ ...childExecution(mapRunArn, item.index, item.input), status: 'SUCCEEDED' as const, output: item.output })),
            ...results.failed.map((item) => ({ ...childExecution(mapRunArn, item.index, item.input), status: 'FAILED' as const, error: item.error, cause: item.cause })),
          ].sort((a, b) => a.name.localeCompare(b.name)),
        }) : undefined,
      },
      invokeTask: (task): TaskOutcome | Promise<TaskOutcome> => {
        let integration = integrations.get(task.stateName);
        if (!integration) {
          integration = parseIntegration(task.resource);
          integrations.set(task.stateName, integration);
        }
        taskInvocations[integration.key] = (taskInvocations[integration.key] ?? 0) + 1;
        if (integration.service === 'lambda') {
          lambdaInvocations += 1;
        }
        const response = this.respond({
          stateName: task.stateName,
          integration,
          input: task.input,
          attempt: task.attempt,
          executionName,
          taskToken: integration.pattern === 'WAIT_FOR_TASK_TOKEN' ? task.taskToken : undefined,
        });
        return response instanceof Promise ? response.then(taskOutcome) : taskOutcome(response);
      },
    });
    const outcome = await engine.run();

    const visited: VisitedState[] = [];
    const entered: string[] = [];
    const edges = new Set<string>();
    const retries = new Map<string, number>();
    const caught = new Set<string>();
    for (const event of outcome.events) {
      const located = this.located.get(event.state.name);
      if (!located) {
        continue;
      }
      switch (event.type) {
        case 'StateEntered':
          visited.push({ name: event.state.name, type: located.state.Type, attempt: 0 });
          entered.push(event.state.name);
          if (located.state.Retry) {
            retries.set(`${event.index ?? ''}|${event.state.name}`, 0);
          }
          break;
        case 'StateRetried': {
          const retrier = located.state.Retry![event.retry!.index];
          const instance = `${event.index ?? ''}|${event.state.name}`;
          const attempt = (retries.get(instance) ?? 0) + 1;
          retries.set(instance, attempt);
          visited.push({ name: event.state.name, type: located.state.Type, attempt });
          edges.add(edgeId('Retry', event.state.name, event.state.name, event.retry!.index, retrier.ErrorEquals));
          break;
        }
        case 'StateCaught': {
          caught.add(`${event.index ?? ''}|${event.state.name}`);
          const catcher = located.state.Catch![event.catch!.index];
          edges.add(edgeId('Catch', event.state.name, catcher.Next, event.catch!.index, catcher.ErrorEquals));
          break;
        }
        case 'ChoiceRuleTaken':
          edges.add(event.rule! < 0 ? edgeId('Default', event.state.name, event.next!) : edgeId('Choice', event.state.name, event.next!, event.rule));
          break;
        case 'StateExited': {
          if (located.state.Catch && caught.delete(`${event.index ?? ''}|${event.state.name}`)) {
            break;
          }
          const next = this.nextEdges.get(event.state.name);
          if (next) {
            edges.add(next);
          }
          break;
        }
        default:
      }
    }
    let status: ExecutionStatus = outcome.status;
    let error = outcome.error || undefined;
    let cause = outcome.cause;
    if (outcome.stopReason === 'max-transitions' || outcome.stopReason === 'max-virtual-seconds') {
      status = 'ABORTED';
      error = SIMULATION_LIMIT_ERROR;
    }

    this.coverageTracker.record(entered, [...edges], { executionName, status });
    if (this.options.writeCoverageReport ?? true) {
      this.coverageTracker.scheduleReport();
    }
    const result: ExecutionResult = {
      executionName,
      executionArn,
      status,
      output: status === 'SUCCEEDED' ? outcome.output : undefined,
      error,
      cause,
      visited,
      transitions: outcome.transitions,
      taskInvocations,
      lambdaInvocations,
      elapsedSeconds: outcome.elapsedSeconds,
      edgesTaken: [...edges],
      events: outcome.events,
      get history() {
        return outcome.history;
      },
      executionInput: identity.executionInput,
      redriveCount: identity.redriveCount,
    };
    checkpoints.set(result, outcome.checkpoint);
    return result;
  }

  /** The one place a Task's mock is called (synchronously when the mock answers synchronously). */
  private respond(call: MockCall): MockResponse | Promise<MockResponse> {
    const mock = findMock(this.options.mocks ?? {}, call.stateName, call.integration);
    if (mock === undefined) {
      throw new UnmockedTaskError(call.stateName, call.integration);
    }
    const mode = this.options.fieldValidationMode ?? DEFAULT_FIELD_VALIDATION_MODE;
    const response = evaluateMock(mock, call);
    if (response instanceof Promise) {
      return response.then((answered) => {
        validateMockedCall(call, answered, mode);
        return answered;
      });
    }
    validateMockedCall(call, response, mode);
    return response;
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
    const missing = this.options.s3 ? [] : this.definition.states
      .filter((s) => s.state.Type === 'Map' && s.state.ItemReader && !Array.isArray(this.options.itemReaderItems?.[s.name]));
    if (missing.length > 0) {
      throw new UnsupportedFeatureError(
        `Distributed Map ${missing.map((m) => `'${m.name}'`).join(', ')} reads its items with an ItemReader, which cannot run ` +
        'locally; supply them: new WorkflowSimulator(definition, { itemReaderItems: { \'<Map state>\': [...] } }), or mocked objects with { s3 }',
      );
    }
  }
}

function taskOutcome(response: MockResponse): TaskOutcome {
  return {
    result: response.return,
    error: response.throw ? { error: response.throw.error, cause: response.throw.cause } : undefined,
    durationSeconds: response.durationSeconds,
  };
}

/** A Distributed Map child execution as the ResultWriter reports it (name and ARN derived from the Map Run). */
function childExecution(mapRunArn: string, index: number, input: unknown) {
  const name = String(index).padStart(5, '0');
  return {
    executionArn: `${mapRunArn.replace(':mapRun:', ':execution:')}:${name}`,
    name,
    stateMachineArn: mapRunArn.replace(':mapRun:', ':stateMachine:').split('/')[0],
    input,
    startDate: new Date(0).toISOString(),
  };
}
