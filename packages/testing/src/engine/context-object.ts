/**
 * The context object (`$$` in JSONPath, `$states.context` in JSONata) as the developer guide's "Accessing execution
 * data from the Context object" lists it: Execution (Id, Input, Name, RoleArn, StartTime, RedriveCount, RedriveTime),
 * State (EnteredTime, Name, RetryCount), StateMachine (Id, Name), Task (Token) and, inside a Map, Map.Item (Index,
 * Value, and Key/Source for a Distributed Map reading objects).
 */
export interface ExecutionContext {
  readonly Id: string;
  readonly Input: unknown;
  readonly Name: string;
  readonly RoleArn: string;
  readonly StartTime: string;
  readonly RedriveCount: number;
  readonly RedriveTime?: string;
}

export interface MapItemContext {
  readonly Index: number;
  readonly Value: unknown;
  readonly Key?: string;
  readonly Source?: string;
}

export interface StateContextInput {
  readonly execution: ExecutionContext;
  readonly stateMachine: { readonly Id: string; readonly Name: string };
  readonly stateName: string;
  /** When the state was entered (ms since the epoch). */
  readonly enteredMillis: number;
  readonly retryCount: number;
  readonly taskToken?: string;
  readonly mapItem?: MapItemContext;
}

export function contextObject(input: StateContextInput): Record<string, unknown> {
  const context: Record<string, unknown> = {
    Execution: input.execution,
    State: {
      EnteredTime: isoTime(input.enteredMillis),
      Name: input.stateName,
      RetryCount: input.retryCount,
    },
    StateMachine: input.stateMachine,
  };
  if (input.taskToken !== undefined) {
    context.Task = { Token: input.taskToken };
  }
  if (input.mapItem) {
    context.Map = { Item: input.mapItem };
  }
  return context;
}

/** States entered at the same virtual time (all but Waits, retries and task durations) share one formatted time. */
let lastMillis = Number.NaN;
let lastIso = '';

function isoTime(millis: number): string {
  if (millis !== lastMillis) {
    lastIso = new Date(millis).toISOString();
    lastMillis = millis;
  }
  return lastIso;
}
