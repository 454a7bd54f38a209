/**
 * The slice of the Amazon States Language this package reads. Kept loose (`unknown` for payloads) on purpose:
 * the interpreter is the authority on semantics; we only walk the structure.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'NONE' | 'FULL';
}

export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

export interface AslChoiceRule {
  Next: string;
  [operator: string]: unknown;
}

export interface AslState {
  Type: 'Task' | 'Parallel' | 'Map' | 'Pass' | 'Wait' | 'Choice' | 'Succeed' | 'Fail';
  Comment?: string;
  QueryLanguage?: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: JsonValue;
  Arguments?: JsonValue;
  Output?: JsonValue;
  Retry?: AslRetrier[];
  Catch?: AslCatcher[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  Choices?: AslChoiceRule[];
  Default?: string;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  Branches?: AslStateMachine[];
  Iterator?: AslStateMachine;
  ItemProcessor?: AslStateMachine & { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
  ItemReader?: JsonObject;
  ItemBatcher?: { MaxItemsPerBatch?: number; BatchInput?: JsonValue };
  ResultWriter?: JsonObject;
  ItemsPath?: string;
  Error?: string;
  Cause?: string;
  [other: string]: unknown;
}

export interface AslStateMachine {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
  Version?: string;
}

/** Where a state sits: the chain of Parallel branches / Map processors that contain it ('' = top level). */
export interface LocatedState {
  readonly name: string;
  readonly state: AslState;
  /** Name of the enclosing Parallel or Map state, if any. */
  readonly parent?: string;
  /** Index of the Parallel branch holding the state (0 for a Map processor). */
  readonly branchIndex?: number;
}

/** Every state of a definition, nested ones included, in document order. */
export function listStates(machine: AslStateMachine, parent?: string, branchIndex?: number): LocatedState[] {
  const found: LocatedState[] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    found.push({ name, state, parent, branchIndex });
    state.Branches?.forEach((branch, index) => found.push(...listStates(branch, name, index)));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) {
      found.push(...listStates(processor, name, 0));
    }
  }
  return found;
}
