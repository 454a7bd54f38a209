import { EXAMPLE_IO, INPUT_OUTPUT, PARAMETERS, PASS, PATHS, RESULT_PATH } from './aws-docs';
import { CASE_TITLE, ExecutionCase, FUNCTION_ARN, LAMBDA_INVOKE_ARN, lambdaResult, runCase, single } from './execution-case';

/** JSONPath input and output processing: InputPath, Parameters, ResultSelector, ResultPath, OutputPath. */
const RESULT_PATH_INPUT = {
  comment: 'This is a test of the input and output of a Task state.',
  details: 'Default example',
  who: 'AWS Step Functions',
};
const HELLO = 'Hello, AWS Step Functions!';
const hello = { Hello: { return: HELLO } };
const helloTask = (extra: Record<string, unknown>) => ({ StartAt: 'Hello', States: { Hello: { Type: 'Task', Resource: FUNCTION_ARN, End: true, ...extra } } });
const pass = (extra: Record<string, unknown>) => single({ Type: 'Pass', ...extra });

const INPUTPATH_INPUT = {
  comment: 'Example for InputPath.',
  dataset1: { val1: 1, val2: 2, val3: 3 },
  dataset2: { val1: 'a', val2: 'b', val3: 'c' },
};
const PARAMETERS_INPUT = {
  comment: 'Example for Parameters.',
  product: { details: { color: 'blue', size: 'small', material: 'cotton' }, availability: 'in stock', sku: '2317', cost: '$23' },
};
const PATHS_INPUT = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true } };

const cases: ExecutionCase[] = [
  // ResultPath (Specifying state output using ResultPath)
  { area: 'jsonpath', title: 'ResultPath $ (the default) replaces the input with the result', source: `${RESULT_PATH} — Use ResultPath to replace the input with the result`, asl: helloTask({}), input: RESULT_PATH_INPUT, mocks: hello, expected: { status: 'SUCCEEDED', output: HELLO } },
  { area: 'jsonpath', title: 'ResultPath null discards the result and keeps the input', source: `${RESULT_PATH} — Use ResultPath to discard the result and keep the original input`, asl: helloTask({ ResultPath: null }), input: RESULT_PATH_INPUT, mocks: hello, expected: { status: 'SUCCEEDED', output: RESULT_PATH_INPUT } },
  { area: 'jsonpath', title: 'ResultPath $.taskresult adds the result to the input', source: `${RESULT_PATH} — Use ResultPath to include the result with the input`, asl: helloTask({ ResultPath: '$.taskresult' }), input: RESULT_PATH_INPUT, mocks: hello, expected: { status: 'SUCCEEDED', output: { ...RESULT_PATH_INPUT, taskresult: HELLO } } },
  { area: 'jsonpath', title: 'ResultPath into a nested node that exists', source: `${RESULT_PATH} — Use ResultPath to update a node in the input with the result`, asl: helloTask({ ResultPath: '$.strings.lambdaresult' }), input: { ...RESULT_PATH_INPUT, strings: { string1: 'foo', string2: 'bar' } }, mocks: hello, expected: { status: 'SUCCEEDED', output: { ...RESULT_PATH_INPUT, strings: { string1: 'foo', string2: 'bar', lambdaresult: HELLO } } } },
  { area: 'jsonpath', title: 'ResultPath creates the missing nodes on its way', source: `${RESULT_PATH} — Use ResultPath to include the result with the input`, asl: pass({ Result: 1, ResultPath: '$.a.b.c' }), input: { x: 0 }, expected: { status: 'SUCCEEDED', output: { x: 0, a: { b: { c: 1 } } } } },
  { area: 'jsonpath', title: 'ResultPath overwrites an existing field', source: `${RESULT_PATH} — Use ResultPath to update a node in the input with the result`, asl: pass({ Result: 'new', ResultPath: '$.value' }), input: { value: 'old', other: 1 }, expected: { status: 'SUCCEEDED', output: { value: 'new', other: 1 } } },
  { area: 'jsonpath', title: 'ResultPath into a field of a non-object fails with States.ResultPathMatchFailure', source: `${RESULT_PATH} — and Handling errors, States.ResultPathMatchFailure`, asl: pass({ Result: 1, ResultPath: '$.a.b' }), input: { a: 5 }, expected: { status: 'FAILED', error: 'States.ResultPathMatchFailure' } },
  // InputPath / Parameters
  { area: 'jsonpath', title: 'InputPath selects a part of the input', source: `${PARAMETERS} — InputPath`, asl: pass({ InputPath: '$.dataset2' }), input: INPUTPATH_INPUT, expected: { status: 'SUCCEEDED', output: { val1: 'a', val2: 'b', val3: 'c' } } },
  { area: 'jsonpath', title: 'InputPath $ passes the whole input', source: `${PARAMETERS} — InputPath`, asl: pass({ InputPath: '$' }), input: INPUTPATH_INPUT, expected: { status: 'SUCCEEDED', output: INPUTPATH_INPUT } },
  { area: 'jsonpath', title: 'InputPath null gives the state an empty object', source: `${INPUT_OUTPUT} — InputPath, Parameters and ResultSelector (null paths)`, asl: pass({ InputPath: null }), input: INPUTPATH_INPUT, expected: { status: 'SUCCEEDED', output: {} } },
  { area: 'jsonpath', title: 'Parameters example: static values and .$ paths', source: `${PARAMETERS} — Parameters`, asl: pass({ Parameters: { comment: 'Selecting what I care about.', MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', 'StaticValue': 'foo' } } }), input: PARAMETERS_INPUT, expected: { status: 'SUCCEEDED', output: { comment: 'Selecting what I care about.', MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' } } } },
  { area: 'jsonpath', title: 'Parameters is applied after InputPath', source: `${INPUT_OUTPUT} — order of InputPath, Parameters, ResultSelector, ResultPath, OutputPath`, asl: pass({ InputPath: '$.product', Parameters: { 'sku.$': '$.sku' } }), input: PARAMETERS_INPUT, expected: { status: 'SUCCEEDED', output: { sku: '2317' } } },
  { area: 'jsonpath', title: 'Parameters .$ with $ takes the whole effective input', source: `${PARAMETERS} — Parameters`, asl: pass({ Parameters: { 'all.$': '$' } }), input: { a: 1 }, expected: { status: 'SUCCEEDED', output: { all: { a: 1 } } } },
  { area: 'jsonpath', title: 'Parameters .$ reads the context object', source: `${PARAMETERS} — Parameters (context object paths)`, asl: pass({ Parameters: { 'name.$': '$$.Execution.Name' } }), input: {}, executionName: 'my-run', expected: { status: 'SUCCEEDED', output: { name: 'my-run' } } },
  { area: 'jsonpath', title: 'Parameters keeps non-.$ strings that look like paths as literals', source: `${PARAMETERS} — Parameters`, asl: pass({ Parameters: { literal: '$.not.evaluated' } }), input: {}, expected: { status: 'SUCCEEDED', output: { literal: '$.not.evaluated' } } },
  { area: 'jsonpath', title: 'Parameters with an indefinite path gives an array', source: `${PATHS} — Paths (indefinite paths)`, asl: pass({ Parameters: { 'ids.$': '$.items[*].id' } }), input: { items: [{ id: 1 }, { id: 2 }] }, expected: { status: 'SUCCEEDED', output: { ids: [1, 2] } } },
  { area: 'jsonpath', title: 'a Pass Result replaces the input', source: `${PASS} — Pass state example`, asl: pass({ Result: { x: 0.381018, y: 622.2269926397355 }, ResultPath: '$.coords' }), input: { georefOf: 'Home' }, expected: { status: 'SUCCEEDED', output: { georefOf: 'Home', coords: { x: 0.381018, y: 622.2269926397355 } } } },
  { area: 'jsonpath', title: 'a Pass without Result or Parameters outputs its input', source: `${PASS} — Pass state`, asl: pass({}), input: { a: [1, 2] }, expected: { status: 'SUCCEEDED', output: { a: [1, 2] } } },
  // ResultSelector
  { area: 'jsonpath', title: 'ResultSelector picks fields of the task result before ResultPath', source: `${PARAMETERS} — ResultSelector`, asl: { StartAt: 'Invoke', States: { Invoke: { Type: 'Task', Resource: LAMBDA_INVOKE_ARN, Parameters: { FunctionName: FUNCTION_ARN }, ResultSelector: { 'body.$': '$.Payload.body' }, ResultPath: '$.result', End: true } } }, input: { id: 1 }, mocks: { Invoke: lambdaResult({ body: 'ok', headers: {} }) }, expected: { status: 'SUCCEEDED', output: { id: 1, result: { body: 'ok' } } } },
  { area: 'jsonpath', title: 'a lambda:invoke result carries Payload, StatusCode and ExecutedVersion', source: `${INPUT_OUTPUT} — and Invoke an AWS Lambda function, response`, asl: { StartAt: 'Invoke', States: { Invoke: { Type: 'Task', Resource: LAMBDA_INVOKE_ARN, Parameters: { FunctionName: FUNCTION_ARN }, End: true } } }, input: {}, mocks: { Invoke: lambdaResult({ ok: true }) }, expected: { status: 'SUCCEEDED', output: { Payload: { ok: true }, StatusCode: 200, ExecutedVersion: '$LATEST' } } },
  { area: 'jsonpath', title: 'OutputPath $.Payload keeps only the function payload', source: `${INPUT_OUTPUT} — OutputPath`, asl: { StartAt: 'Invoke', States: { Invoke: { Type: 'Task', Resource: LAMBDA_INVOKE_ARN, Parameters: { 'FunctionName': FUNCTION_ARN, 'Payload.$': '$' }, OutputPath: '$.Payload', End: true } } }, input: { a: 1 }, mocks: { Invoke: lambdaResult({ answer: 42 }) }, expected: { status: 'SUCCEEDED', output: { answer: 42 } } },
  // OutputPath
  { area: 'jsonpath', title: 'OutputPath selects a part of the state output', source: `${INPUT_OUTPUT} — OutputPath`, asl: pass({ OutputPath: '$.keep' }), input: { keep: { a: 1 }, drop: 2 }, expected: { status: 'SUCCEEDED', output: { a: 1 } } },
  { area: 'jsonpath', title: 'OutputPath null outputs an empty object', source: `${INPUT_OUTPUT} — OutputPath (null)`, asl: pass({ OutputPath: null }), input: { a: 1 }, expected: { status: 'SUCCEEDED', output: {} } },
  { area: 'jsonpath', title: 'OutputPath to a missing field fails with States.Runtime', source: `${INPUT_OUTPUT} — OutputPath; Handling errors, States.Runtime`, asl: pass({ OutputPath: '$.missing' }), input: { a: 1 }, expected: { status: 'FAILED', error: 'States.Runtime' } },
  { area: 'jsonpath', title: 'InputPath to a missing field fails with States.Runtime', source: `${INPUT_OUTPUT} — InputPath; Handling errors, States.Runtime`, asl: pass({ InputPath: '$.missing' }), input: { a: 1 }, expected: { status: 'FAILED', error: 'States.Runtime' } },
  // Worked example
  { area: 'jsonpath', title: 'worked example: InputPath, ResultPath and OutputPath together', source: `${EXAMPLE_IO} — the Lambda task with InputPath $.lambda, ResultPath $.data.lambdaresult, OutputPath $.data`, asl: { StartAt: 'HelloWorld', States: { HelloWorld: { Type: 'Task', Resource: FUNCTION_ARN, InputPath: '$.lambda', ResultPath: '$.data.lambdaresult', OutputPath: '$.data', End: true } } }, input: { comment: 'An input comment.', data: { val1: 23, val2: 17 }, extra: 'foo', lambda: { who: 'AWS Step Functions' } }, mocks: { HelloWorld: { return: HELLO } }, expected: { status: 'SUCCEEDED', output: { val1: 23, val2: 17, lambdaresult: HELLO } } },
  { area: 'jsonpath', title: 'worked example: the task receives only the InputPath part', source: `${EXAMPLE_IO} — the Lambda task with InputPath $.lambda`, asl: { StartAt: 'HelloWorld', States: { HelloWorld: { Type: 'Task', Resource: FUNCTION_ARN, InputPath: '$.lambda', End: true } } }, input: { lambda: { who: 'AWS Step Functions' }, extra: 'foo' }, mocks: { HelloWorld: (call: { input: unknown }) => call.input }, expected: { status: 'SUCCEEDED', output: { who: 'AWS Step Functions' } } },
  // Paths
  { area: 'jsonpath', title: 'reference path $.foo', source: `${PATHS} — Reference paths`, asl: pass({ Parameters: { 'v.$': '$.foo' } }), input: PATHS_INPUT, expected: { status: 'SUCCEEDED', output: { v: 123 } } },
  { area: 'jsonpath', title: 'reference path $.bar', source: `${PATHS} — Reference paths`, asl: pass({ Parameters: { 'v.$': '$.bar' } }), input: PATHS_INPUT, expected: { status: 'SUCCEEDED', output: { v: ['a', 'b', 'c'] } } },
  // "Functions such as length() aren't supported" in reference paths only: a Parameters path may end with length().
  { area: 'jsonpath', title: 'a Parameters path ending in length() gives the array\'s size', source: `${PATHS} — Reference paths (functions such as length())`, asl: pass({ Parameters: { 'count.$': '$.bar.length()' } }), input: PATHS_INPUT, expected: { status: 'SUCCEEDED', output: { count: 3 } } },
  { area: 'jsonpath', title: 'a filter\'s @ does not match scalar values, only objects', source: `${PATHS} — Reference paths (the @ operator)`, asl: pass({ Parameters: { 'big.$': '$.nums[?(@ > 2)]', 'objects.$': '$.items[?(@.n > 2)]' } }), input: { nums: [1, 3, 5], items: [{ n: 1 }, { n: 3 }] }, expected: { status: 'SUCCEEDED', output: { big: [], objects: [{ n: 3 }] } } },
  { area: 'jsonpath', title: 'length() after an indefinite path counts its matches', source: `${PATHS} — Reference paths (functions such as length())`, asl: pass({ Parameters: { 'count.$': '$.items[?(@.ok == true)].length()' } }), input: { items: [{ ok: true }, { ok: false }, { ok: true }] }, expected: { status: 'SUCCEEDED', output: { count: 2 } } },
  { area: 'jsonpath', title: 'reference path $.car.cdr', source: `${PATHS} — Reference paths`, asl: pass({ Parameters: { 'v.$': '$.car.cdr' } }), input: PATHS_INPUT, expected: { status: 'SUCCEEDED', output: { v: true } } },
  { area: 'jsonpath', title: 'bracket notation with an index', source: `${PATHS} — Reference paths`, asl: pass({ Parameters: { 'v.$': '$.bar[1]' } }), input: PATHS_INPUT, expected: { status: 'SUCCEEDED', output: { v: 'b' } } },
  { area: 'jsonpath', title: 'bracket notation with a quoted name', source: `${PATHS} — Reference paths`, asl: pass({ Parameters: { 'v.$': "$['car']['cdr']" } }), input: PATHS_INPUT, expected: { status: 'SUCCEEDED', output: { v: true } } },
  { area: 'jsonpath', title: 'a filter expression selects matching items', source: `${PATHS} — Paths (JsonPath syntax)`, asl: pass({ Parameters: { 'v.$': '$.items[?(@.price > 10)].name' } }), input: { items: [{ name: 'a', price: 5 }, { name: 'b', price: 15 }] }, expected: { status: 'SUCCEEDED', output: { v: ['b'] } } },
  { area: 'jsonpath', title: 'a filter on a string literal compares strings (never evaluated as JavaScript)', source: `${PATHS} — Paths (JsonPath syntax)`, asl: pass({ Parameters: { 'v.$': "$.items[?(@.kind == 'es')].id" } }), input: { items: [{ id: 1, kind: 'es' }, { id: 2, kind: 'en' }] }, expected: { status: 'SUCCEEDED', output: { v: [1] } } },
  { area: 'jsonpath', title: 'a deep scan collects every match', source: `${PATHS} — Paths (JsonPath syntax)`, asl: pass({ Parameters: { 'v.$': '$..id' } }), input: { a: { id: 1 }, b: [{ id: 2 }] }, expected: { status: 'SUCCEEDED', output: { v: [1, 2] } } },
  { area: 'jsonpath', title: 'an array slice', source: `${PATHS} — Paths (JsonPath syntax)`, asl: pass({ Parameters: { 'v.$': '$.bar[0:2]' } }), input: PATHS_INPUT, expected: { status: 'SUCCEEDED', output: { v: ['a', 'b'] } } },
];

describe('JSONPath input and output processing conformance', () => {
  test.each(cases)(CASE_TITLE, runCase);
});
