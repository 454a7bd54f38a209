/**
 * Which fields each state type accepts, by query language, from the state pages of the developer guide (Pass, Task,
 * Choice, Wait, Succeed, Fail, Parallel, Map workflow state) and "Transforming data with JSONata in Step Functions":
 * JSONata states replace InputPath, Parameters, ResultSelector, ResultPath and OutputPath with Arguments and Output,
 * and drop the `*Path` variants of their settings.
 */
export type QueryLanguage = 'JSONPath' | 'JSONata';

export const STATE_TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
export type StateType = typeof STATE_TYPES[number];

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const TRANSITION = ['Next', 'End'];
const RETRY_CATCH = ['Retry', 'Catch'];

/** Fields only JSONPath states have, and only JSONata states have (a field's presence in the wrong language is an error). */
export const JSONPATH_ONLY_FIELDS = new Set([
  'InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'ResultSelector', 'ItemsPath', 'TimeoutSecondsPath',
  'HeartbeatSecondsPath', 'SecondsPath', 'TimestampPath', 'ErrorPath', 'CausePath', 'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath', 'Iterator',
]);
export const JSONATA_ONLY_FIELDS = new Set(['Arguments', 'Output', 'Items']);

const FIELDS: Record<StateType, { both: string[]; JSONPath: string[]; JSONata: string[] }> = {
  Pass: {
    both: [...COMMON, ...TRANSITION, 'Assign'],
    JSONPath: ['InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'Result'],
    JSONata: ['Output'],
  },
  Task: {
    both: [...COMMON, ...TRANSITION, ...RETRY_CATCH, 'Resource', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials', 'Assign'],
    JSONPath: ['InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'ResultSelector', 'TimeoutSecondsPath', 'HeartbeatSecondsPath'],
    JSONata: ['Arguments', 'Output'],
  },
  Choice: {
    both: [...COMMON, 'Choices', 'Default', 'Assign'],
    JSONPath: ['InputPath', 'OutputPath'],
    JSONata: ['Output'],
  },
  Wait: {
    both: [...COMMON, ...TRANSITION, 'Seconds', 'Timestamp', 'Assign'],
    JSONPath: ['InputPath', 'OutputPath', 'SecondsPath', 'TimestampPath'],
    JSONata: ['Output'],
  },
  Succeed: {
    both: [...COMMON],
    JSONPath: ['InputPath', 'OutputPath'],
    JSONata: ['Output'],
  },
  Fail: {
    both: [...COMMON, 'Error', 'Cause'],
    JSONPath: ['ErrorPath', 'CausePath'],
    JSONata: [],
  },
  Parallel: {
    both: [...COMMON, ...TRANSITION, ...RETRY_CATCH, 'Branches', 'Assign'],
    JSONPath: ['InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'ResultSelector'],
    JSONata: ['Arguments', 'Output'],
  },
  Map: {
    both: [
      ...COMMON, ...TRANSITION, ...RETRY_CATCH, 'Assign', 'ItemProcessor', 'ItemSelector', 'ItemReader', 'ItemBatcher',
      'ResultWriter', 'MaxConcurrency', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label',
    ],
    JSONPath: [
      'InputPath', 'OutputPath', 'ResultPath', 'ResultSelector', 'ItemsPath', 'Parameters', 'Iterator',
      'MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath',
    ],
    JSONata: ['Items', 'Output'],
  },
};

export function isStateType(value: unknown): value is StateType {
  return typeof value === 'string' && (STATE_TYPES as readonly string[]).includes(value);
}

/** Whether `field` belongs to a `type` state in `language`. */
export function fieldAllowed(type: StateType, language: QueryLanguage, field: string): boolean {
  const fields = FIELDS[type];
  return fields.both.includes(field) || fields[language].includes(field);
}

/** Whether `field` exists on `type` states in the other language (to say "JSONPath-only" rather than "unknown"). */
export function fieldOfOtherLanguage(type: StateType, language: QueryLanguage, field: string): boolean {
  return FIELDS[type][language === 'JSONata' ? 'JSONPath' : 'JSONata'].includes(field);
}

/** Fields whose value is a JSONPath (may be null where noted by the caller), or a reference path. */
export const PATH_FIELDS = new Set(['InputPath', 'OutputPath']);
export const REFERENCE_PATH_FIELDS = new Set([
  'ResultPath', 'ItemsPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'SecondsPath', 'TimestampPath', 'ErrorPath',
  'CausePath', 'MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath',
]);
