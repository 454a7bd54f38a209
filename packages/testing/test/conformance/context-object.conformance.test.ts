import { CONTEXT_OBJECT } from './aws-docs';
import { CASE_TITLE, ExecutionCase, FUNCTION_ARN, failWith, runCase } from './execution-case';
import { TaskFailure } from '../../src';

/** The context object ($$ in JSONPath, $states.context in JSONata). */
const FIELDS = `${CONTEXT_OBJECT} — Context object fields`;
const MAP_ITEM = `${CONTEXT_OBJECT} — Context object data for Map states`;
const params = (parameters: Record<string, unknown>) => ({ StartAt: 'S', States: { S: { Type: 'Pass', Parameters: parameters, End: true } } });
const matches = (variable: string, rule: Record<string, unknown>) => ({
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 10, Next: 'C' },
    C: { Type: 'Choice', Choices: [{ Variable: variable, ...rule, Next: 'Yes' }], Default: 'No' },
    Yes: { Type: 'Pass', Result: 'yes', End: true },
    No: { Type: 'Pass', Result: 'no', End: true },
  },
});
const yes = { status: 'SUCCEEDED' as const, output: 'yes' };

const cases: ExecutionCase[] = [
  { area: 'context-object', title: '$$.Execution.Input is the original input after it changed', source: FIELDS, asl: { StartAt: 'A', States: { A: { Type: 'Pass', Result: { replaced: true }, Next: 'B' }, B: { Type: 'Pass', Parameters: { 'original.$': '$$.Execution.Input' }, End: true } } }, input: { first: 1 }, expected: { status: 'SUCCEEDED', output: { original: { first: 1 } } } },
  { area: 'context-object', title: '$$.Execution.Name is the execution name', source: FIELDS, asl: params({ 'name.$': '$$.Execution.Name' }), executionName: 'order-42', expected: { status: 'SUCCEEDED', output: { name: 'order-42' } } },
  { area: 'context-object', title: '$$.State.Name is the current state name', source: FIELDS, asl: { StartAt: 'Look Here', States: { 'Look Here': { Type: 'Pass', Parameters: { 'name.$': '$$.State.Name' }, End: true } } }, expected: { status: 'SUCCEEDED', output: { name: 'Look Here' } } },
  { area: 'context-object', title: '$$.State.RetryCount is 0 on the first attempt', source: FIELDS, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, Parameters: { 'retry.$': '$$.State.RetryCount' }, End: true } } }, mocks: { T: (call: { input: unknown }) => call.input }, expected: { status: 'SUCCEEDED', output: { retry: 0 } } },
  { area: 'context-object', title: '$$.State.RetryCount counts the retries', source: FIELDS, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, Parameters: { 'retry.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }], End: true } } }, mocks: { T: (call: { input: { retry: number } }) => { if (call.input.retry < 2) throw new TaskFailure('Retryable', 'again'); return call.input; } }, expected: { status: 'SUCCEEDED', output: { retry: 2 } } },
  { area: 'context-object', title: '$$.Execution.Id is the execution ARN ending in its name', source: FIELDS, asl: matches('$$.Execution.Id', { StringMatches: 'arn:aws:states:*:execution:*:conformance-execution' }), expected: yes },
  { area: 'context-object', title: '$$.StateMachine.Id is a state machine ARN', source: FIELDS, asl: matches('$$.StateMachine.Id', { StringMatches: 'arn:aws:states:*:stateMachine:*' }), expected: yes },
  { area: 'context-object', title: '$$.Execution.StartTime is an ISO-8601 timestamp', source: FIELDS, asl: matches('$$.Execution.StartTime', { IsTimestamp: true }), expected: yes },
  { area: 'context-object', title: '$$.State.EnteredTime is an ISO-8601 timestamp', source: FIELDS, asl: matches('$$.State.EnteredTime', { IsTimestamp: true }), expected: yes },
  { area: 'context-object', title: '$$.State.EnteredTime after a 10 s Wait is later than the start', source: FIELDS, asl: matches('$$.State.EnteredTime', { TimestampGreaterThanPath: '$$.Execution.StartTime' }), expected: yes },
  { area: 'context-object', title: '$$.Execution.RedriveCount is 0 for a first run', source: FIELDS, asl: params({ 'count.$': '$$.Execution.RedriveCount' }), expected: { status: 'SUCCEEDED', output: { count: 0 } } },
  { area: 'context-object', title: '$$.Execution.RoleArn is an IAM role ARN', source: FIELDS, asl: matches('$$.Execution.RoleArn', { StringMatches: 'arn:aws:iam::*:role/*' }), expected: yes },
  { area: 'context-object', title: '$$.StateMachine.Name is the last part of its ARN', source: FIELDS, asl: { StartAt: 'S', States: { S: { Type: 'Pass', Parameters: { 'same.$': "States.ArrayContains(States.StringSplit($$.StateMachine.Id, ':'), $$.StateMachine.Name)" }, End: true } } }, expected: { status: 'SUCCEEDED', output: { same: true } } },
  { area: 'context-object', title: '$$.Map.Item.Index and Value in ItemSelector', source: MAP_ITEM, asl: { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.list', ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' }, ItemProcessor: { StartAt: 'E', States: { E: { Type: 'Pass', End: true } } }, End: true } } }, input: { list: ['a', 'b', 'c'] }, expected: { status: 'SUCCEEDED', output: [{ index: 0, value: 'a' }, { index: 1, value: 'b' }, { index: 2, value: 'c' }] } },
  { area: 'context-object', title: 'ItemSelector can mix the item with the state input', source: MAP_ITEM, asl: { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.detail.shipped', ItemSelector: { 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.detail.delivery-partner' }, ItemProcessor: { StartAt: 'E', States: { E: { Type: 'Pass', End: true } } }, End: true } } }, input: { detail: { 'delivery-partner': 'UQS', 'shipped': [{ prod: 'R31' }, { prod: 'S39' }] } }, expected: { status: 'SUCCEEDED', output: [{ parcel: { prod: 'R31' }, courier: 'UQS' }, { parcel: { prod: 'S39' }, courier: 'UQS' }] } },
  { area: 'context-object', title: '$$.Map.Item is not in the context of the states inside an iteration', source: `${MAP_ITEM} (define them in the Map state's ItemSelector, not within the states of the processor)`, asl: { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.list', ItemProcessor: { StartAt: 'E', States: { E: { Type: 'Pass', Parameters: { 'index.$': '$$.Map.Item.Index' }, End: true } } }, End: true } } }, input: { list: ['a'] }, expected: { status: 'FAILED', error: 'States.Runtime' } },
  { area: 'context-object', title: '$states.context has no Map node inside a JSONata iteration', source: `${MAP_ITEM} (define them in the Map state's ItemSelector, not within the states of the processor)`, asl: { QueryLanguage: 'JSONata', StartAt: 'M', States: { M: { Type: 'Map', Items: ['a'], ItemProcessor: { StartAt: 'E', States: { E: { Type: 'Pass', Output: { inside: '{% $exists($states.context.Map) %}', item: '{% $states.input %}' }, End: true } } }, End: true } } }, expected: { status: 'SUCCEEDED', output: [{ inside: false, item: 'a' }] } },
  { area: 'context-object', title: 'the context object is read-only data: a Catch still sees $$.State.Name of the catching state', source: FIELDS, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }] }, H: { Type: 'Pass', Parameters: { 'at.$': '$$.State.Name' }, End: true } } }, mocks: { T: failWith('X') }, expected: { status: 'SUCCEEDED', output: { at: 'H' } } },
  { area: 'context-object', title: 'JSONata $states.context.Execution.StartTime equals $$.Execution.StartTime', source: FIELDS, asl: { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'start.$': '$$.Execution.StartTime' }, Next: 'B' }, B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.start = $states.context.Execution.StartTime %}', End: true } } }, expected: { status: 'SUCCEEDED', output: true } },
];

describe('context object conformance', () => {
  test.each(cases)(CASE_TITLE, runCase);
});
