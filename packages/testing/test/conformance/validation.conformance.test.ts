import {
  CHOICE, COMMON_FIELDS, ERROR_HANDLING, FAIL, INTRINSICS, ITEM_BATCHER, ITEM_READER, JSONATA, MAP, MAP_DISTRIBUTED, PARALLEL, PASS, PATHS, QUOTAS,
  RESULT_WRITER, STATE_MACHINE_STRUCTURE, TASK, TOLERATED_FAILURE as TOLERATED, VALIDATE_API, VARIABLES, WAIT,
} from './aws-docs';
import { validateDefinition } from '../../src/engine/validation';

/**
 * Validation rules of CreateStateMachine, as ValidateStateMachineDefinition reports them: each case is a definition
 * and either no errors (AWS accepts it) or the diagnostic code and JSON-pointer location AWS's rule implies.
 */
interface ValidationCase {
  readonly title: string;
  readonly source: string;
  readonly definition: unknown;
  /** undefined: the definition is valid (no ERROR diagnostics). */
  readonly expected?: { readonly severity?: 'ERROR' | 'WARNING'; readonly code: string; readonly location: string };
}

const FN = 'arn:aws:states:::lambda:invoke';
const task = (extra: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: FN, End: true, ...extra });
const machine = (states: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ StartAt: Object.keys(states)[0], States: states, ...top });
const one = (state: Record<string, unknown>, top: Record<string, unknown> = {}) => machine({ S: state }, top);
const jsonata = (state: Record<string, unknown>) => one(state, { QueryLanguage: 'JSONata' });
const inlineMap = (extra: Record<string, unknown> = {}) => ({
  Type: 'Map', End: true, ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } }, ...extra,
});
const distributedMap = (extra: Record<string, unknown> = {}) => ({
  Type: 'Map',
  End: true,
  ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } },
  ...extra,
});
const err = (code: string, location: string) => ({ severity: 'ERROR' as const, code, location });
const warn = (code: string, location: string) => ({ severity: 'WARNING' as const, code, location });

const STRUCTURE = `${STATE_MACHINE_STRUCTURE} — State machine structure`;
const TRANSITIONS = `${STATE_MACHINE_STRUCTURE} — Transitions`;
const JSONATA_SYNTAX = `${JSONATA} — JSONata syntax ("{% <JSONata expression> %}")`;
const QUERY_LANGUAGE = `${JSONATA} — QueryLanguage (a JSONPath state inside a JSONata state machine)`;
const JSONATA_FIELDS = `${JSONATA} — fields reduced to Arguments and Output`;
const RETRY = `${ERROR_HANDLING} — Retrying after an error`;
const CATCH = `${ERROR_HANDLING} — Fallback states`;
const DIAGNOSTICS = `${VALIDATE_API} — ValidateStateMachineDefinitionDiagnostic (list of codes)`;

const cases: ValidationCase[] = [
  // Structure
  { title: 'a minimal Pass machine is valid', source: STRUCTURE, definition: one({ Type: 'Pass', End: true }) },
  { title: 'a JSON string definition is parsed', source: DIAGNOSTICS, definition: JSON.stringify(one({ Type: 'Succeed' })) },
  { title: 'malformed JSON is INVALID_JSON_DESCRIPTION', source: DIAGNOSTICS, definition: '{"StartAt": ', expected: err('INVALID_JSON_DESCRIPTION', '/') },
  { title: 'an empty definition is MISSING_DESCRIPTION', source: DIAGNOSTICS, definition: '  ', expected: err('MISSING_DESCRIPTION', '/') },
  { title: 'a JSON array is not a definition', source: DIAGNOSTICS, definition: [], expected: err('INVALID_JSON_DESCRIPTION', '/') },
  { title: 'StartAt is required (reported at the object that lacks it)', source: `${STRUCTURE}; ${DIAGNOSTICS}`, definition: { States: { S: { Type: 'Succeed' } } }, expected: err('SCHEMA_VALIDATION_FAILED', '/') },
  { title: 'States is required (reported at the object that lacks it)', source: `${STRUCTURE}; ${DIAGNOSTICS}`, definition: { StartAt: 'S' }, expected: err('SCHEMA_VALIDATION_FAILED', '/') },
  { title: 'StartAt must name a state', source: STRUCTURE, definition: { StartAt: 'Nope', States: { S: { Type: 'Succeed' } } }, expected: err('MISSING_TRANSITION_TARGET', '/StartAt') },
  { title: 'an unknown top-level field is refused', source: STRUCTURE, definition: one({ Type: 'Succeed' }, { Foo: 1 }), expected: err('SCHEMA_VALIDATION_FAILED', '/Foo') },
  { title: 'Comment, Version and TimeoutSeconds are top-level fields', source: STRUCTURE, definition: one({ Type: 'Succeed' }, { Comment: 'c', Version: '1.0', TimeoutSeconds: 60 }) },
  { title: 'top-level TimeoutSeconds must be a positive integer', source: STRUCTURE, definition: one({ Type: 'Succeed' }, { TimeoutSeconds: 0 }), expected: err('SCHEMA_VALIDATION_FAILED', '/TimeoutSeconds') },
  { title: 'an unknown QueryLanguage is refused', source: QUERY_LANGUAGE, definition: one({ Type: 'Succeed' }, { QueryLanguage: 'XPath' }), expected: err('SCHEMA_VALIDATION_FAILED', '/QueryLanguage') },
  { title: 'a state without Type is refused', source: COMMON_FIELDS, definition: one({ End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Type') },
  { title: 'an unknown state Type is refused', source: COMMON_FIELDS, definition: one({ Type: 'Sleep', End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Type') },
  // Transitions
  { title: 'Next to a missing state', source: TRANSITIONS, definition: machine({ 'Create Account': { Type: 'Pass', Next: 'Nowhere' }, 'Done': { Type: 'Succeed' } }), expected: err('MISSING_TRANSITION_TARGET', '/States/Create Account/Next') },
  { title: 'a state with neither Next nor End', source: TRANSITIONS, definition: one({ Type: 'Pass' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S') },
  { title: 'a state with both Next and End', source: TRANSITIONS, definition: machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/A') },
  { title: 'End must be true', source: TRANSITIONS, definition: one({ Type: 'Pass', End: false }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/End') },
  { title: 'an unreachable state', source: TRANSITIONS, definition: machine({ A: { Type: 'Succeed' }, Orphan: { Type: 'Succeed' } }), expected: err('UNREACHABLE_STATE', '/States/Orphan') },
  { title: 'a state reached only through Catch is reachable', source: TRANSITIONS, definition: machine({ A: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler' }] }), Handler: { Type: 'Fail' } }) },
  { title: 'a state reached only through Default is reachable', source: TRANSITIONS, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'X' }], Default: 'Y' }, X: { Type: 'Succeed' }, Y: { Type: 'Succeed' } }) },
  { title: 'a loop with no terminal state is MISSING_END_STATE', source: TRANSITIONS, definition: machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } }), expected: err('MISSING_END_STATE', '/States') },
  { title: 'a state name over 80 characters', source: `${STATE_MACHINE_STRUCTURE} — States (names of at most 80 characters)`, definition: machine({ ['N'.repeat(81)]: { Type: 'Succeed' } }), expected: err('INVALID_STATE_NAME', `/States/${'N'.repeat(81)}`) },
  { title: 'a state name of 80 characters is allowed', source: `${STATE_MACHINE_STRUCTURE} — States (names of at most 80 characters)`, definition: machine({ ['N'.repeat(80)]: { Type: 'Succeed' } }) },
  { title: 'the same state name in two branches is DUPLICATE_STATE_NAME', source: DIAGNOSTICS, definition: one({ Type: 'Parallel', End: true, Branches: [machine({ X: { Type: 'Succeed' } }), machine({ X: { Type: 'Succeed' } })] }), expected: err('DUPLICATE_STATE_NAME', '/States/S/Branches/1/States/X') },
  { title: 'a location escapes / in a state name (JSON pointer)', source: DIAGNOSTICS, definition: machine({ 'a/b': { Type: 'Pass', Next: 'missing' }, 'Z': { Type: 'Succeed' } }), expected: err('MISSING_TRANSITION_TARGET', '/States/a~1b/Next') },
  { title: 'a definition over 1 MB', source: `${QUOTAS} — Quotas related to state machine definitions (1 MB)`, definition: one({ Type: 'Pass', End: true, Result: { big: 'x'.repeat(1_048_576) } }), expected: err('SCHEMA_VALIDATION_FAILED', '/') },
  // Unknown and misplaced fields
  { title: 'an unknown field on a Pass state', source: PASS, definition: one({ Type: 'Pass', End: true, Foo: 1 }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Foo') },
  { title: 'Resource is not a Pass field', source: PASS, definition: one({ Type: 'Pass', End: true, Resource: FN }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Resource') },
  { title: 'Retry is not a Pass field', source: PASS, definition: one({ Type: 'Pass', End: true, Retry: [] }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Retry') },
  { title: 'Next is not a Succeed field', source: `${STATE_MACHINE_STRUCTURE} — Succeed state`, definition: machine({ S: { Type: 'Succeed', Next: 'T' }, T: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Next') },
  { title: 'End is not a Fail field', source: FAIL, definition: one({ Type: 'Fail', End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/End') },
  { title: 'InputPath is not a Fail field', source: FAIL, definition: one({ Type: 'Fail', InputPath: '$' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/InputPath') },
  { title: 'Next is not a Choice field', source: CHOICE, definition: machine({ C: { Type: 'Choice', Next: 'X', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Next') },
  { title: 'ResultPath is not a Choice field', source: CHOICE, definition: machine({ C: { Type: 'Choice', ResultPath: '$.x', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/ResultPath') },
  { title: 'Parameters is not a Wait field', source: WAIT, definition: one({ Type: 'Wait', Seconds: 1, End: true, Parameters: {} }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters') },
  { title: 'Assign is not a Succeed field', source: `${VARIABLES} — Assign`, definition: one({ Type: 'Succeed', Assign: { a: 1 } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Assign') },
  { title: 'Assign is a Pass, Task, Choice, Wait, Parallel and Map field', source: `${VARIABLES} — Assign`, definition: one({ Type: 'Pass', End: true, Assign: { 'total': 1, 'name.$': '$.name' } }) },
  // JSONPath vs JSONata fields
  { title: 'InputPath in a JSONata state', source: JSONATA_FIELDS, definition: jsonata({ Type: 'Pass', End: true, InputPath: '$.a' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/InputPath') },
  { title: 'Parameters in a JSONata state', source: JSONATA_FIELDS, definition: jsonata(task({ Parameters: {} })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters') },
  { title: 'ResultSelector in a JSONata state', source: JSONATA_FIELDS, definition: jsonata(task({ ResultSelector: {} })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ResultSelector') },
  { title: 'ResultPath in a JSONata state', source: JSONATA_FIELDS, definition: jsonata(task({ ResultPath: '$.r' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ResultPath') },
  { title: 'OutputPath in a JSONata state', source: JSONATA_FIELDS, definition: jsonata(task({ OutputPath: '$' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/OutputPath') },
  { title: 'TimeoutSecondsPath in a JSONata state', source: JSONATA_FIELDS, definition: jsonata(task({ TimeoutSecondsPath: '$.t' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/TimeoutSecondsPath') },
  { title: 'SecondsPath in a JSONata Wait', source: JSONATA_FIELDS, definition: jsonata({ Type: 'Wait', End: true, SecondsPath: '$.s' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/SecondsPath') },
  { title: 'ItemsPath in a JSONata Map', source: JSONATA_FIELDS, definition: jsonata(inlineMap({ ItemsPath: '$.items' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemsPath') },
  { title: 'Arguments in a JSONPath state', source: JSONATA_FIELDS, definition: one(task({ Arguments: {} })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Arguments') },
  { title: 'Output in a JSONPath state', source: JSONATA_FIELDS, definition: one({ Type: 'Pass', End: true, Output: {} }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Output') },
  { title: 'Items in a JSONPath Map', source: JSONATA_FIELDS, definition: one(inlineMap({ Items: [1] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Items') },
  { title: 'a JSONPath state inside a JSONata state machine', source: QUERY_LANGUAGE, definition: one({ Type: 'Pass', End: true, QueryLanguage: 'JSONPath' }, { QueryLanguage: 'JSONata' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/QueryLanguage') },
  { title: 'a JSONata state inside a JSONPath state machine is allowed', source: QUERY_LANGUAGE, definition: one({ Type: 'Pass', End: true, QueryLanguage: 'JSONata', Output: '{% $states.input %}' }) },
  { title: 'a JSONata Task with Arguments, Output and Assign is valid', source: JSONATA_FIELDS, definition: jsonata(task({ Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' }, Output: '{% $states.result.Payload %}', Assign: { id: '{% $states.result.Payload.id %}' } })) },
  // JSONata expressions
  { title: '{%expr%} without spaces is an expression AWS accepts', source: JSONATA_SYNTAX, definition: jsonata({ Type: 'Pass', End: true, Output: '{%$states.input%}' }) },
  { title: 'a malformed JSONata expression in Output', source: JSONATA_SYNTAX, definition: jsonata({ Type: 'Pass', End: true, Output: '{% $states.input. %}' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Output') },
  { title: 'a malformed JSONata expression nested in Arguments', source: JSONATA_SYNTAX, definition: jsonata(task({ Arguments: { Payload: { a: '{% (1 + %}' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Arguments/Payload/a') },
  { title: 'a malformed JSONata expression in Assign', source: JSONATA_SYNTAX, definition: jsonata({ Type: 'Pass', End: true, Assign: { x: '{% [1, 2 %}' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Assign/x') },
  { title: 'text around {% %} makes a plain string, not an expression', source: JSONATA_SYNTAX, definition: jsonata({ Type: 'Pass', End: true, Output: 'id: {% ( %}' }) },
  { title: 'TimeoutSeconds may be a JSONata expression', source: `${TASK} — Task state fields (TimeoutSeconds)`, definition: jsonata(task({ TimeoutSeconds: '{% $states.input.timeout %}' })) },
  { title: 'Wait Seconds may be a JSONata expression', source: WAIT, definition: jsonata({ Type: 'Wait', End: true, Seconds: '{% $states.input.delay %}' }) },
  { title: 'Map Items may be a JSONata expression', source: MAP, definition: jsonata(inlineMap({ Items: '{% $states.input.list %}' })) },
  { title: 'Map Items must be an array or an expression', source: MAP, definition: jsonata(inlineMap({ Items: 'list' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Items') },
  { title: 'Fail Error may be a JSONata expression', source: FAIL, definition: jsonata({ Type: 'Fail', Error: '{% $states.input.code %}', Cause: 'because' }) },
  // Paths
  { title: 'InputPath must be a JSONPath', source: PATHS, definition: one({ Type: 'Pass', End: true, InputPath: 'input' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/InputPath') },
  { title: 'InputPath may be null', source: PATHS, definition: one({ Type: 'Pass', End: true, InputPath: null }) },
  { title: 'OutputPath may select with a wildcard', source: PATHS, definition: one({ Type: 'Pass', End: true, OutputPath: '$.items[*].id' }) },
  { title: 'ResultPath must be a reference path (no wildcard)', source: `${PATHS} — Reference paths`, definition: one({ Type: 'Pass', End: true, ResultPath: '$.a[*]' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ResultPath') },
  { title: 'ResultPath must be a reference path (no length() function)', source: `${PATHS} — Reference paths`, definition: one({ Type: 'Pass', End: true, ResultPath: '$.a.length()' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ResultPath') },
  { title: 'ResultPath may be null', source: PATHS, definition: one({ Type: 'Pass', End: true, ResultPath: null }) },
  { title: 'ResultPath cannot write into the context object', source: `${PATHS} — Reference paths`, definition: one({ Type: 'Pass', End: true, ResultPath: '$$.Execution' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ResultPath') },
  { title: 'ItemsPath must be a reference path', source: `${PATHS} — Reference paths`, definition: one(inlineMap({ ItemsPath: '$..items' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemsPath') },
  { title: 'SecondsPath must be a reference path', source: WAIT, definition: one({ Type: 'Wait', End: true, SecondsPath: '$.a[?(@.x)]' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/SecondsPath') },
  { title: 'a Parameters .$ field needs a valid path', source: `${PATHS} — Paths in Parameters`, definition: one({ Type: 'Pass', End: true, Parameters: { 'a.$': '$.[' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters/a.$') },
  { title: 'a Parameters .$ field may read the context object and variables', source: `${PATHS} — Paths in Parameters`, definition: one({ Type: 'Pass', End: true, Parameters: { 'id.$': '$$.Execution.Id', 'v.$': '$myVar.field' } }) },
  { title: 'a Parameters .$ field may call an intrinsic function', source: `${INTRINSICS} — Fields that support intrinsic functions`, definition: one({ Type: 'Pass', End: true, Parameters: { 'id.$': "States.Format('x-{}', $.id)" } }) },
  { title: 'a malformed intrinsic function in Parameters', source: INTRINSICS, definition: one({ Type: 'Pass', End: true, Parameters: { 'id.$': "States.Format('x-{}', $.id" } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters/id.$') },
  { title: 'an unknown intrinsic function name in Parameters', source: `${INTRINSICS} — the 18 States.* functions`, definition: one({ Type: 'Pass', End: true, Parameters: { 'id.$': 'States.Concat($.a, $.b)' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters/id.$') },
  { title: 'an unknown intrinsic nested in a known one', source: `${INTRINSICS} — the 18 States.* functions`, definition: one({ Type: 'Pass', End: true, Parameters: { 'id.$': "States.Format('{}', States.Lowercase($.a))" } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters/id.$') },
  { title: 'intrinsic function names are case-sensitive', source: `${INTRINSICS} — the 18 States.* functions`, definition: one({ Type: 'Pass', End: true, Parameters: { 'id.$': 'States.uuid()' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters/id.$') },
  { title: 'more than 10 nested intrinsic functions in one field', source: INTRINSICS, definition: one({ Type: 'Pass', End: true, Parameters: { 'a.$': `${'States.Array('.repeat(11)}${')'.repeat(11)}` } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters/a.$') },
  { title: 'a nested .$ field inside Parameters is checked', source: `${PATHS} — Paths in Parameters`, definition: one({ Type: 'Pass', End: true, Parameters: { outer: { 'inner.$': 'nope' } } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters/outer/inner.$') },
  { title: 'a path-looking value without .$ is the NO_DOLLAR warning', source: DIAGNOSTICS, definition: one({ Type: 'Pass', End: true, Parameters: { id: '$.id' } }), expected: warn('NO_DOLLAR', '/States/S/Parameters/id') },
  { title: 'an intrinsic-looking value without .$ is the NO_DOLLAR warning', source: DIAGNOSTICS, definition: one({ Type: 'Pass', End: true, Parameters: { id: 'States.UUID()' } }), expected: warn('NO_DOLLAR', '/States/S/Parameters/id') },
  { title: 'a .$ field in a Pass Result is the PASS_RESULT_IS_STATIC warning', source: DIAGNOSTICS, definition: one({ Type: 'Pass', End: true, Result: { 'a.$': '$.a' } }), expected: warn('PASS_RESULT_IS_STATIC', '/States/S/Result') },
  { title: 'a Fail Cause that looks like a path is the NO_PATH warning', source: DIAGNOSTICS, definition: one({ Type: 'Fail', Error: 'E', Cause: '$.cause' }), expected: warn('NO_PATH', '/States/S/Cause') },
  { title: 'Fail CausePath may be an intrinsic function', source: FAIL, definition: one({ Type: 'Fail', ErrorPath: '$.error', CausePath: "States.Format('failed: {}', $.reason)" }) },
  { title: 'Fail CausePath may not call an intrinsic that returns a number', source: `${FAIL} — CausePath (the intrinsics that return a string)`, definition: one({ Type: 'Fail', Error: 'E', CausePath: 'States.MathAdd($.a, 1)' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/CausePath') },
  { title: 'Fail ErrorPath may not call States.Array', source: `${FAIL} — ErrorPath (the intrinsics that return a string)`, definition: one({ Type: 'Fail', ErrorPath: 'States.Array($.code)' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ErrorPath') },
  { title: 'Fail ErrorPath may call States.ArrayGetItem around other intrinsics', source: `${FAIL} — ErrorPath (the intrinsics that return a string)`, definition: one({ Type: 'Fail', ErrorPath: "States.ArrayGetItem(States.StringSplit($.code, ':'), 0)", CausePath: 'States.Base64Decode($.c)' }) },
  { title: 'Fail with both Cause and CausePath', source: FAIL, definition: one({ Type: 'Fail', Cause: 'x', CausePath: '$.c' }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/CausePath') },
  // Task
  { title: 'a Task without Resource', source: TASK, definition: one({ Type: 'Task', End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S') },
  { title: 'a Task Resource that is not an ARN', source: DIAGNOSTICS, definition: one(task({ Resource: 'my-function' })), expected: err('INVALID_RESOURCE', '/States/S/Resource') },
  { title: 'TimeoutSeconds must be a positive integer', source: `${TASK} — Task state fields`, definition: one(task({ TimeoutSeconds: 0 })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/TimeoutSeconds') },
  { title: 'TimeoutSeconds and TimeoutSecondsPath together', source: `${TASK} — Task state fields`, definition: one(task({ TimeoutSeconds: 10, TimeoutSecondsPath: '$.t' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/TimeoutSecondsPath') },
  { title: 'HeartbeatSeconds must be smaller than TimeoutSeconds', source: `${TASK} — Task state fields`, definition: one(task({ TimeoutSeconds: 10, HeartbeatSeconds: 10 })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/HeartbeatSeconds') },
  { title: 'HeartbeatSeconds below TimeoutSeconds is valid', source: `${TASK} — Task state fields`, definition: one(task({ TimeoutSeconds: 10, HeartbeatSeconds: 5 })) },
  // Retry / Catch
  { title: 'a valid retrier with every field', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 1.5, MaxDelaySeconds: 10, JitterStrategy: 'FULL' }] })) },
  { title: 'States.ALL must be alone in ErrorEquals', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: ['States.ALL', 'States.Timeout'] }] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Retry/0/ErrorEquals') },
  { title: 'States.ALL must be in the last retrier', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['States.Timeout'] }] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Retry/0/ErrorEquals') },
  { title: 'States.ALL must be in the last catcher', source: CATCH, definition: machine({ S: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }, { ErrorEquals: ['X'], Next: 'F' }] }), F: { Type: 'Fail' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Catch/0/ErrorEquals') },
  { title: 'ErrorEquals must not be empty', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: [] }] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Retry/0/ErrorEquals') },
  { title: 'BackoffRate below 1.0', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: ['X'], BackoffRate: 0.5 }] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Retry/0/BackoffRate') },
  { title: 'IntervalSeconds must be a positive integer', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 0 }] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Retry/0/IntervalSeconds') },
  { title: 'MaxAttempts may be 0 (never retry)', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: ['X'], MaxAttempts: 0 }] })) },
  { title: 'an unknown JitterStrategy', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: ['X'], JitterStrategy: 'HALF' }] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Retry/0/JitterStrategy') },
  { title: 'an unknown retrier field', source: RETRY, definition: one(task({ Retry: [{ ErrorEquals: ['X'], Delay: 1 }] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Retry/0/Delay') },
  { title: 'a catcher without Next', source: CATCH, definition: one(task({ Catch: [{ ErrorEquals: ['X'] }] })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Catch/0') },
  { title: 'a catcher Next to a missing state', source: CATCH, definition: one(task({ Catch: [{ ErrorEquals: ['X'], Next: 'Gone' }] })), expected: err('MISSING_TRANSITION_TARGET', '/States/S/Catch/0/Next') },
  { title: 'a catcher ResultPath must be a reference path', source: CATCH, definition: machine({ S: task({ Catch: [{ ErrorEquals: ['X'], Next: 'F', ResultPath: '$..e' }] }), F: { Type: 'Fail' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Catch/0/ResultPath') },
  { title: 'a JSONata catcher has Output, not ResultPath', source: CATCH, definition: { QueryLanguage: 'JSONata', StartAt: 'S', States: { S: task({ Catch: [{ ErrorEquals: ['X'], Next: 'F', ResultPath: '$.e' }] }), F: { Type: 'Fail' } } }, expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Catch/0/ResultPath') },
  { title: 'a catcher may Assign variables', source: `${VARIABLES} — Assign in Catch`, definition: machine({ S: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', Assign: { 'failure.$': '$.Cause' } }] }), F: { Type: 'Fail' } }) },
  // Variables
  { title: 'a variable name must be an identifier', source: `${VARIABLES} — Variable names`, definition: one({ Type: 'Pass', End: true, Assign: { '1st': 1 } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Assign/1st') },
  { title: 'the variable name states is reserved', source: `${VARIABLES} — Reserved variable $states`, definition: jsonata({ Type: 'Pass', End: true, Assign: { states: 1 } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Assign/states') },
  // Choice
  { title: 'Choices must not be empty', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [], Default: 'X' }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices') },
  { title: 'a top-level Choice rule needs Next', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true }], Default: 'X' }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0') },
  { title: 'a nested Choice rule must not have Next', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ Not: { Variable: '$.a', IsPresent: true, Next: 'X' }, Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/Not/Next') },
  { title: 'a Choice rule with two comparison operators', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x', IsPresent: true, Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0') },
  { title: 'an unknown comparison operator', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', StringContains: 'x', Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/StringContains') },
  { title: 'NumericEquals needs a number', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: '1', Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/NumericEquals') },
  { title: 'TimestampEquals needs an ISO-8601 timestamp', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', TimestampEquals: '2026-01-01', Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/TimestampEquals') },
  { title: 'a comparison needs Variable', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ StringEquals: 'x', Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0') },
  { title: 'And must be a non-empty array', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ And: [], Next: 'X' }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/And') },
  { title: 'a Choice Default to a missing state', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'X' }], Default: 'Gone' }, X: { Type: 'Succeed' } }), expected: err('MISSING_TRANSITION_TARGET', '/States/C/Default') },
  { title: 'a Choice rule Next to a missing state', source: CHOICE, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'Gone' }], Default: 'X' }, X: { Type: 'Succeed' } }), expected: err('MISSING_TRANSITION_TARGET', '/States/C/Choices/0/Next') },
  { title: 'a JSONata Choice rule uses Condition', source: `${CHOICE} — JSONata Choice rules (Condition)`, definition: { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.a > 1 %}', Next: 'X' }], Default: 'X' }, X: { Type: 'Succeed' } } } },
  { title: 'a JSONata Choice rule without Condition', source: `${CHOICE} — JSONata Choice rules (Condition)`, definition: { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Next: 'X' }] }, X: { Type: 'Succeed' } } }, expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0') },
  { title: 'Variable in a JSONata Choice rule', source: `${CHOICE} — JSONata Choice rules (Condition)`, definition: { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Condition: '{% true %}', Next: 'X' }] }, X: { Type: 'Succeed' } } }, expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/Variable') },
  { title: 'a malformed Condition expression', source: `${CHOICE} — JSONata Choice rules (Condition)`, definition: { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.a > %}', Next: 'X' }] }, X: { Type: 'Succeed' } } }, expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/Condition') },
  // Wait
  { title: 'a Wait with Seconds is valid', source: WAIT, definition: one({ Type: 'Wait', Seconds: 10, End: true }) },
  { title: 'a Wait with Timestamp is valid', source: WAIT, definition: one({ Type: 'Wait', Timestamp: '2026-03-14T01:59:00Z', End: true }) },
  { title: 'a Wait with none of its four fields', source: WAIT, definition: one({ Type: 'Wait', End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S') },
  { title: 'a Wait with Seconds and TimestampPath', source: WAIT, definition: one({ Type: 'Wait', Seconds: 1, TimestampPath: '$.t', End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S') },
  { title: 'a Wait Timestamp with a lowercase t', source: WAIT, definition: one({ Type: 'Wait', Timestamp: '2026-03-14t01:59:00Z', End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Timestamp') },
  { title: 'a negative Wait Seconds', source: WAIT, definition: one({ Type: 'Wait', Seconds: -1, End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Seconds') },
  // Parallel
  { title: 'a Parallel without Branches', source: PARALLEL, definition: one({ Type: 'Parallel', End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S') },
  { title: 'a branch StartAt to a missing state', source: PARALLEL, definition: one({ Type: 'Parallel', End: true, Branches: [{ StartAt: 'Gone', States: { B: { Type: 'Succeed' } } }] }), expected: err('MISSING_TRANSITION_TARGET', '/States/S/Branches/0/StartAt') },
  { title: 'a branch cannot transition to a state outside it', source: PARALLEL, definition: machine({ S: { Type: 'Parallel', Next: 'After', Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Next: 'After' } } }] }, After: { Type: 'Succeed' } }), expected: err('MISSING_TRANSITION_TARGET', '/States/S/Branches/0/States/B/Next') },
  { title: 'an unreachable state inside a branch', source: PARALLEL, definition: one({ Type: 'Parallel', End: true, Branches: [{ StartAt: 'B', States: { B: { Type: 'Succeed' }, C: { Type: 'Succeed' } } }] }), expected: err('UNREACHABLE_STATE', '/States/S/Branches/0/States/C') },
  // Map
  { title: 'an inline Map is valid', source: MAP_DISTRIBUTED, definition: one(inlineMap({ ItemsPath: '$.items', MaxConcurrency: 2 })) },
  { title: 'the older Iterator field is accepted for JSONPath', source: MAP, definition: one({ Type: 'Map', End: true, Iterator: { StartAt: 'W', States: { W: { Type: 'Pass', End: true } } } }) },
  { title: 'a Map without ItemProcessor', source: MAP, definition: one({ Type: 'Map', End: true }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S') },
  { title: 'ItemProcessor and Iterator together', source: MAP, definition: one(inlineMap({ Iterator: { StartAt: 'W', States: { W: { Type: 'Pass', End: true } } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Iterator') },
  { title: 'an unknown ProcessorConfig Mode', source: MAP, definition: one(inlineMap({ ItemProcessor: { ProcessorConfig: { Mode: 'BATCH' }, StartAt: 'W', States: { W: { Type: 'Pass', End: true } } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemProcessor/ProcessorConfig/Mode') },
  { title: 'DISTRIBUTED mode needs ExecutionType', source: MAP_DISTRIBUTED, definition: one(inlineMap({ ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'W', States: { W: { Type: 'Pass', End: true } } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemProcessor/ProcessorConfig/ExecutionType') },
  { title: 'ItemReader in an inline Map', source: MAP_DISTRIBUTED, definition: one(inlineMap({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemReader') },
  { title: 'ToleratedFailureCount in an inline Map', source: MAP_DISTRIBUTED, definition: one(inlineMap({ ToleratedFailureCount: 1 })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ToleratedFailureCount') },
  {
    title: 'a distributed Map with ItemReader, ItemBatcher, ResultWriter and tolerance is valid',
    source: MAP_DISTRIBUTED,
    definition: one(distributedMap({
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 100 }, Parameters: { Bucket: 'b', Key: 'k.csv' } },
      ItemBatcher: { MaxItemsPerBatch: 10 },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'out' } },
      ToleratedFailurePercentage: 5,
      Label: 'Onboard',
      MaxConcurrency: 100,
    })),
  },
  { title: 'ToleratedFailurePercentage above 100', source: TOLERATED, definition: one(distributedMap({ ToleratedFailurePercentage: 101 })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ToleratedFailurePercentage') },
  { title: 'a negative ToleratedFailureCount', source: TOLERATED, definition: one(distributedMap({ ToleratedFailureCount: -1 })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ToleratedFailureCount') },
  { title: 'a negative MaxConcurrency', source: MAP, definition: one(inlineMap({ MaxConcurrency: -1 })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/MaxConcurrency') },
  { title: 'an unknown ReaderConfig InputType', source: ITEM_READER, definition: one(distributedMap({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'XML' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemReader/ReaderConfig/InputType') },
  { title: 'CSVHeaders are required when CSVHeaderLocation is GIVEN', source: ITEM_READER, definition: one(distributedMap({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemReader/ReaderConfig/CSVHeaders') },
  { title: 'an unknown CSVDelimiter', source: ITEM_READER, definition: one(distributedMap({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVDelimiter: 'COLON' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemReader/ReaderConfig/CSVDelimiter') },
  { title: 'an ItemReader without Resource', source: ITEM_READER, definition: one(distributedMap({ ItemReader: { Parameters: { Bucket: 'b' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemReader/Resource') },
  { title: 'a ResultWriter with another Resource', source: RESULT_WRITER, definition: one(distributedMap({ ResultWriter: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b' } } })), expected: err('INVALID_RESOURCE', '/States/S/ResultWriter/Resource') },
  { title: 'an unknown WriterConfig Transformation', source: RESULT_WRITER, definition: one(distributedMap({ ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', WriterConfig: { OutputType: 'JSON', Transformation: 'SQUASH' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ResultWriter/WriterConfig/Transformation') },
  { title: 'an ItemBatcher with no limit', source: ITEM_BATCHER, definition: one(distributedMap({ ItemBatcher: { BatchInput: { a: 1 } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemBatcher') },
  { title: 'MaxInputBytesPerBatch above 256 KiB', source: ITEM_BATCHER, definition: one(distributedMap({ ItemBatcher: { MaxInputBytesPerBatch: 262_145 } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemBatcher/MaxInputBytesPerBatch') },
  { title: 'ItemSelector and Parameters together on a Map', source: MAP, definition: one(inlineMap({ ItemSelector: {}, Parameters: {} })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Parameters') },
  { title: 'Iterator is a JSONPath-only field', source: JSONATA_FIELDS, definition: jsonata({ Type: 'Map', End: true, Iterator: { StartAt: 'W', States: { W: { Type: 'Pass', End: true } } } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Iterator') },
  { title: 'ExecutionType in INLINE mode', source: MAP, definition: one(inlineMap({ ItemProcessor: { ProcessorConfig: { Mode: 'INLINE', ExecutionType: 'EXPRESS' }, StartAt: 'W', States: { W: { Type: 'Pass', End: true } } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemProcessor/ProcessorConfig/ExecutionType') },
  { title: 'a Map Label over 40 characters', source: `${MAP_DISTRIBUTED} — Label`, definition: one(distributedMap({ Label: 'L'.repeat(41) })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Label') },
  { title: 'a Map Label with a space', source: `${MAP_DISTRIBUTED} — Label (no whitespace)`, definition: one(distributedMap({ Label: 'Vend tenants' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Label') },
  { title: 'a Map Label with a colon', source: `${MAP_DISTRIBUTED} — Label (no special characters)`, definition: one(distributedMap({ Label: 'run:1' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Label') },
  { title: 'a Map Label with a bracket', source: `${MAP_DISTRIBUTED} — Label (no brackets)`, definition: one(distributedMap({ Label: 'items[0]' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Label') },
  { title: 'a Map Label of letters, digits, - and _ is valid', source: `${MAP_DISTRIBUTED} — Label`, definition: one(distributedMap({ Label: 'Vend-Each_Tenant2' })) },
  { title: 'MaxItemsPath in a JSONata ItemReader', source: `${ITEM_READER} — ReaderConfig`, definition: jsonata(distributedMap({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON', MaxItemsPath: '$.max' }, Arguments: { Bucket: 'b', Key: 'k' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemReader/ReaderConfig/MaxItemsPath') },
  { title: 'Parameters in a JSONata ItemReader', source: `${ITEM_READER} — ItemReader fields`, definition: jsonata(distributedMap({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemReader/Parameters') },
  { title: 'a JSONata ItemReader with Arguments is valid', source: `${ITEM_READER} — ItemReader fields`, definition: jsonata(distributedMap({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' }, Arguments: { Bucket: 'b', Key: '{% $states.input.key %}' } } })) },
  { title: 'Assign is not a Fail field', source: `${VARIABLES} — Assign`, definition: one({ Type: 'Fail', Error: 'E', Assign: { a: 1 } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/Assign') },
  { title: 'Output is a JSONata Succeed field', source: JSONATA_FIELDS, definition: jsonata({ Type: 'Succeed', Output: '{% $states.input.result %}' }) },
  { title: 'a JSONata Parallel may take Arguments', source: JSONATA_FIELDS, definition: jsonata({ Type: 'Parallel', End: true, Arguments: { a: '{% $states.input.a %}' }, Branches: [machine({ B: { Type: 'Succeed' } })] }) },
  { title: 'HeartbeatSecondsPath must be a reference path', source: `${TASK} — Task state fields`, definition: one(task({ HeartbeatSecondsPath: '$.h[*]' })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/HeartbeatSecondsPath') },
  { title: 'a Choice rule Assign is checked like a state Assign', source: `${VARIABLES} — Assign in Choice rules`, definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'X', Assign: { 'bad name': 1 } }] }, X: { Type: 'Succeed' } }), expected: err('SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/Assign/bad name') },
  { title: 'a state inside a Map processor is validated', source: MAP, definition: one(inlineMap({ ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Pass' } } } })), expected: err('SCHEMA_VALIDATION_FAILED', '/States/S/ItemProcessor/States/W') },
];

describe('definition validation conformance', () => {
  test.each(cases)('[validation] $title', ({ definition, expected }) => {
    const diagnostics = validateDefinition(definition);
    if (!expected) {
      expect(diagnostics.filter((d) => d.severity === 'ERROR')).toEqual([]);
      return;
    }
    expect(diagnostics).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
  });

  test('every case cites its page', () => {
    expect(cases.every((c) => c.source.includes('https://'))).toBe(true);
  });
});
