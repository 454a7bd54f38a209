/**
 * Step Functions execution histories as the canceller reads them: `GetExecutionHistory` through the AWS SDK
 * integration, whose responses have PascalCase field names (`Events[].Type`, `Events[].StateExitedEventDetails.Name`
 * and `.Output`, `NextToken`), and "Step Functions Execution Status Change" events as EventBridge delivers them.
 */
import { ExecutionResult, MockCall, TaskFailure, WorkflowDefinition } from '@statecraft/testing';

export interface HistoryEvent {
  readonly Id: number;
  readonly PreviousEventId: number;
  readonly Timestamp: string;
  readonly Type: string;
  readonly [details: string]: unknown;
}

interface InterpreterEvent {
  type: string;
  input?: unknown;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  Error?: string;
  Cause?: unknown;
}

const START = Date.parse('2026-11-24T06:00:00.000Z');
const EXECUTION_ROLE = 'arn:aws:iam::111111111111:role/ChurnPipeline-PipelineOrchestratorStateMachineRole';

/** Builds events in order, numbering them and linking each to the one before, as the history does. */
class HistoryWriter {
  public readonly events: HistoryEvent[] = [];

  public add(type: string, details: Record<string, unknown> = {}): void {
    const id = this.events.length + 1;
    this.events.push({ Id: id, PreviousEventId: id - 1, Timestamp: new Date(START + id * 1000).toISOString(), Type: type, ...details });
  }
}

/**
 * The history AWS would return for a simulated execution that ended `ending`: ExecutionStarted, then for each state its
 * `<Type>StateEntered` and `<Type>StateExited` events with the state's input and output as JSON strings (what
 * `IncludeExecutionData: true` returns), Task states with their TaskScheduled, TaskStarted, TaskSucceeded or TaskFailed
 * events, Parallel states with ParallelStateStarted and ParallelStateSucceeded, and the final ExecutionAborted or
 * ExecutionTimedOut. TaskScheduled and TaskSucceeded carry the resource but not the request or raw response, which the
 * simulator does not report (the canceller reads only TaskStateExited).
 */
export function historyOf(result: ExecutionResult, definition: WorkflowDefinition, ending: 'ABORTED' | 'TIMED_OUT'): HistoryEvent[] {
  const resources = new Map(definition.states.map((s) => [s.name, (s.state as { Resource?: string }).Resource]));
  const writer = new HistoryWriter();
  writer.add('ExecutionStarted', {
    ExecutionStartedEventDetails: {
      Input: JSON.stringify(result.executionInput ?? {}),
      InputDetails: { Truncated: false },
      RoleArn: EXECUTION_ROLE,
    },
  });
  const caught = new Set<string>();
  for (const event of result.events as InterpreterEvent[]) {
    const state = event.state;
    // Only the definition's states: the simulator adds marker states of its own to follow Choice rules.
    if (!state || !resources.has(state.name)) continue;
    const task = taskResource(resources.get(state.name));
    switch (event.type) {
      case 'StateEntered':
        writer.add(`${state.type}StateEntered`, {
          StateEnteredEventDetails: { Name: state.name, Input: JSON.stringify(state.input), InputDetails: { Truncated: false } },
        });
        if (state.type === 'Task') {
          writer.add('TaskScheduled', { TaskScheduledEventDetails: { ...task, Region: 'us-east-1', Parameters: '{}' } });
          writer.add('TaskStarted', { TaskStartedEventDetails: task });
        } else if (state.type === 'Parallel') {
          writer.add('ParallelStateStarted');
        }
        break;
      case 'StateRetried':
        if (state.type === 'Task') {
          writer.add('TaskScheduled', { TaskScheduledEventDetails: { ...task, Region: 'us-east-1', Parameters: '{}' } });
          writer.add('TaskStarted', { TaskStartedEventDetails: task });
        }
        break;
      case 'StateFailed':
        if (state.type === 'Task') {
          writer.add('TaskFailed', { TaskFailedEventDetails: { ...task, Error: event.Error, Cause: String(event.Cause ?? '') } });
        } else if (state.type === 'Parallel') {
          writer.add('ParallelStateFailed');
        }
        break;
      case 'StateCaught':
        caught.add(state.name);
        break;
      case 'StateExited':
        if (state.type === 'Task' && !caught.delete(state.name)) {
          writer.add('TaskSucceeded', { TaskSucceededEventDetails: { ...task, Output: '{}', OutputDetails: { Truncated: false } } });
        } else if (state.type === 'Parallel') {
          writer.add('ParallelStateSucceeded');
        }
        writer.add(`${state.type}StateExited`, {
          StateExitedEventDetails: { Name: state.name, Output: JSON.stringify(state.output), OutputDetails: { Truncated: false } },
        });
        break;
      default:
    }
  }
  if (ending === 'ABORTED') {
    writer.add('ExecutionAborted', { ExecutionAbortedEventDetails: {} });
  } else {
    writer.add('ExecutionTimedOut', { ExecutionTimedOutEventDetails: {} });
  }
  return writer.events;
}

/**
 * The history as it stood when StopExecution arrived just before `event` (for example while a task's request was in
 * flight: its TaskStarted is there, its TaskSucceeded not yet): the events before it, then ExecutionAborted.
 */
export function abortedBefore(history: HistoryEvent[], event: (e: HistoryEvent) => boolean): HistoryEvent[] {
  const writer = new HistoryWriter();
  for (const e of history.slice(0, history.findIndex(event))) {
    const { Id: _id, PreviousEventId: _previous, Timestamp: _timestamp, Type: type, ...details } = e;
    writer.add(type, details);
  }
  writer.add('ExecutionAborted', { ExecutionAbortedEventDetails: {} });
  return writer.events;
}

/** `arn:aws:states:::http:invoke` -> `{ ResourceType: 'http', Resource: 'invoke' }`, as the Task events name it. */
function taskResource(arn?: string): { ResourceType: string; Resource: string } {
  const match = /^arn:[^:]+:states:::(.+):([^:]+)$/.exec(arn ?? '');
  return match ? { ResourceType: match[1], Resource: match[2] } : { ResourceType: 'lambda', Resource: 'invoke' };
}

/** The requests a history mock received. */
export interface HistoryRequest {
  readonly ExecutionArn: string;
  readonly MaxResults?: number;
  readonly IncludeExecutionData?: boolean;
  readonly NextToken?: string;
}

/**
 * A mock of `sfn:getExecutionHistory` over `events`: pages of `MaxResults` events (AWS's default is 100) with an opaque
 * `NextToken` until the last page, `Sfn.ExecutionDoesNotExistException` for another execution, and the inputs and
 * outputs left out without `IncludeExecutionData`.
 */
export function historyService(executionArn: string, events: HistoryEvent[], requests: HistoryRequest[] = []) {
  return (call: MockCall) => {
    const request = call.input as HistoryRequest;
    requests.push(request);
    if (request.ExecutionArn !== executionArn) {
      throw new TaskFailure('Sfn.ExecutionDoesNotExistException', `Execution Does Not Exist: '${request.ExecutionArn}'`);
    }
    const start = request.NextToken ? Number(Buffer.from(request.NextToken, 'base64').toString().split(':').pop()) : 0;
    const end = start + (request.MaxResults ?? 100);
    const page = events.slice(start, end).map((event) => request.IncludeExecutionData ? event : withoutData(event));
    return end < events.length
      ? { Events: page, NextToken: Buffer.from(`${executionArn}:${end}`).toString('base64') }
      : { Events: page };
  };
}

function withoutData(event: HistoryEvent): HistoryEvent {
  return JSON.parse(JSON.stringify(event, (key, value) => ['Input', 'Output', 'Parameters'].includes(key) ? undefined : value));
}

/** The page index (from 0) of the Start Run exit of `stageName` in pages of `pageSize`. */
export function pageOfStartRun(events: HistoryEvent[], stageName: string, pageSize: number): number {
  const index = events.findIndex((e) => e.Type === 'TaskStateExited' && (e.StateExitedEventDetails as any).Name === `${stageName}: Start Run`);
  return index < 0 ? -1 : Math.floor(index / pageSize);
}
