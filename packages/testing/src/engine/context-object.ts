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
  /** When the state was entered (ms since the epoch); rendered as ISO-8601 only when read. */
  readonly enteredMillis: number;
  readonly retryCount: number;
  readonly taskToken?: string;
  readonly mapItem?: MapItemContext;
}

export function contextObject(input: StateContextInput): Record<string, unknown> {
  const context: Record<string, unknown> = {
    Execution: input.execution,
    State: {
      // A getter (enumerable, so JSON and JSONata see it): most states never read it, and formatting dates is not free.
      get EnteredTime() {
        return new Date(input.enteredMillis).toISOString();
      },
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
