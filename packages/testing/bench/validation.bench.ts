// Definition validation cost: the engine's validateDefinition against asl-validator 4.0.0 (what WorkflowDefinition
// checks with today), on a 200-state JSONPath definition and on the same definition in JSONata, first call and mean of
// the following ones (validateDefinition caches JSONata parses). Prints what each accepts; asserts nothing.
/// <reference path="../src/asl-validator.d.ts" />
import aslValidator from 'asl-validator';
import { validateDefinition } from '../src/engine/validation';

const STATES = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

function definition(jsonata: boolean): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < STATES; i++) {
    const next = i === STATES - 1 ? { End: true } : { Next: `Step ${i + 1}` };
    states[`Step ${i}`] = jsonata
      ? { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'f', Payload: '{%$states.input%}' }, Output: '{% $states.result.Payload %}', Assign: { [`v${i}`]: '{% $states.result.StatusCode %}' }, Retry: [{ ErrorEquals: ['States.ALL'] }], ...next }
      : { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName': 'f', 'Payload.$': '$' }, ResultSelector: { 'body.$': '$.Payload' }, ResultPath: `$.step${i}`, Retry: [{ ErrorEquals: ['States.ALL'] }], ...next };
  }
  return { ...(jsonata ? { QueryLanguage: 'JSONata' } : {}), StartAt: 'Step 0', States: states };
}

function measure(label: string, run: () => boolean): void {
  const first = process.hrtime.bigint();
  let accepted = run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < RUNS; i++) accepted = run();
  const firstMs = Number(start - first) / 1e6;
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / RUNS;
  console.log(`${label.padEnd(44)} first ${firstMs.toFixed(1).padStart(7)} ms, then ${ms.toFixed(2).padStart(7)} ms/call  accepted=${accepted}`);
}

for (const jsonata of [false, true]) {
  const asl = definition(jsonata);
  const name = jsonata ? 'JSONata' : 'JSONPath';
  measure(`validateDefinition, ${STATES} ${name} states`, () => validateDefinition(asl).every((d) => d.severity !== 'ERROR'));
  measure(`asl-validator 4.0.0, ${STATES} ${name} states`, () => aslValidator(asl, { checkArn: true, checkPaths: true }).isValid);
}
