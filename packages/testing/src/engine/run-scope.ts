import { HistoryRecorder } from './execution-history';

/**
 * Where a list of states runs: its variables, the Map iteration it serves, how siblings abort it. The context object
 * of the states inside an iteration has no `Map` node: `$$.Map.Item` exists only for the Map state's ItemSelector
 * (developer guide, "Context object", Map state context).
 */
export interface RunScope {
  readonly variables: Record<string, unknown>;
  readonly language: 'JSONPath' | 'JSONata';
  readonly iterationIndex?: number;
  readonly abort: { aborted: boolean };
  lastEventId: number;
  /** The history this list of states records into (a Distributed Map's child executions keep their own). */
  readonly history: HistoryRecorder;
  /** The execution this list belongs to: maxTransitions applies to each execution (a child one too). */
  readonly execution: { transitions: number };
}
