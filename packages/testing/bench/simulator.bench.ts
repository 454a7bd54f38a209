// Executions per second of a 20-state workflow through WorkflowSimulator (the Statecraft engine, with mocks, the
// virtual clock and coverage on) versus aws-local-stepfunctions 3.0.0 called directly on the same definition with
// equivalent local handlers, side by side in one process; and the time of one simple execution.
// Prints figures; asserts nothing.
import { AslState, AslStateMachine, WorkflowDefinition, WorkflowSimulator } from '../src';
import { StateMachine } from './baseline-interpreter';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** 20 states: 8 tasks, 6 passes, 3 choices, 2 waits, 1 succeed. */
function twentyStates(): AslStateMachine {
  const states: Record<string, AslState> = {};
  const names = Array.from({ length: 19 }, (_, i) => `Step ${i + 1}`);
  names.forEach((name, i) => {
    const next = i + 1 < names.length ? names[i + 1] : 'Done';
    if (i % 5 === 2) {
      states[name] = { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 0, Next: next }], Default: 'Done' };
    } else if (i % 9 === 4) {
      states[name] = { Type: 'Wait', Seconds: 30, Next: next };
    } else if (i % 2 === 0) {
      states[name] = { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'bench-fn', Payload: { 'n.$': '$.n' } }, ResultSelector: { 'n.$': '$.Payload.n' }, Next: next };
    } else {
      states[name] = { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: next };
    }
  });
  states.Done = { Type: 'Succeed' };
  return { StartAt: names[0], States: states };
}

async function measure(label: string, runs: number, execute: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    await execute(); // warm-up (both sides), so the figures compare optimized code
  }
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    await execute();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSecond = runs / seconds;
  console.log(`${label.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} executions/s  (${((seconds / runs) * 1000).toFixed(3)} ms each, ${runs} runs)`);
  return perSecond;
}

async function main(): Promise<void> {
  const asl = twentyStates();
  const runs = Number(process.env.BENCH_RUNS ?? 500);
  const lambdaResult = (input: unknown) => ({ Payload: { n: (input as { Payload: { n: number } }).Payload.n }, StatusCode: 200 });

  const loadStarted = process.hrtime.bigint();
  const definition = WorkflowDefinition.fromAsl(asl, { name: 'bench-20-states' });
  console.log(`first WorkflowDefinition.fromAsl (asl-validator)      ${(Number(process.hrtime.bigint() - loadStarted) / 1e6).toFixed(1)} ms`);
  // Coverage on: the report is written once, at exit.
  const sim = new WorkflowSimulator(definition, { mocks: { integrations: { 'lambda:invoke': (call) => lambdaResult(call.input) } } });

  const taskNames = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task').map(([name]) => name);
  const waitNames = Object.entries(asl.States).filter(([, s]) => s.Type === 'Wait').map(([name]) => name);
  const direct = new StateMachine(asl as never, { validationOptions: { noValidate: true } });
  const overrides = {
    taskResourceLocalHandlers: Object.fromEntries(taskNames.map((name) => [name, lambdaResult])) as never,
    waitTimeOverrides: Object.fromEntries(waitNames.map((name) => [name, 0])),
  };

  const check = await sim.run({ n: 0 });
  console.log(`20-state workflow: ${check.status}${check.error ? ` (${check.error}: ${check.cause})` : ""}, ${check.transitions} transitions, ${check.elapsedSeconds} virtual s, ${taskNames.length} tasks`);

  // Side by side: alternate rounds of each, so both get the same machine load and JIT warm-up; report the median round.
  const rounds = 5;
  const simulatorRounds: number[] = [];
  const directRounds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    simulatorRounds.push(await measure(`WorkflowSimulator.run (20 states, coverage on) #${round + 1}`, runs, () => sim.run({ n: 0 })));
    directRounds.push(await measure(`aws-local-stepfunctions direct (20 states) #${round + 1}`, runs, () => direct.run({ n: 0 } as never, { overrides }).result));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const viaSimulator = median(simulatorRounds);
  const viaDirect = median(directRounds);
  console.log(`median: simulator ${viaSimulator.toFixed(0)}/s, direct ${viaDirect.toFixed(0)}/s`);
  console.log(`simulator / direct throughput (target >= 3x)           ${(viaSimulator / viaDirect).toFixed(2)}x`);
  // The same bench on commit 48afc7d, before the engine's speed work (2026-12-07, 2-core machine): recorded, not measured.
  console.log('before (commit 48afc7d, recorded 2026-12-07)            1.37x (simulator 3293/s, direct 2410/s)');

  const timed = new WorkflowSimulator(WorkflowDefinition.fromAsl({ ...asl, TimeoutSeconds: 3600 }, { name: 'bench-20-states-timeout' }), {
    mocks: { integrations: { 'lambda:invoke': (call) => lambdaResult(call.input) } },
    writeCoverageReport: false,
  });
  await measure('WorkflowSimulator.run (20 states, TimeoutSeconds)', runs, () => timed.run({ n: 0 }));

  const simple = new WorkflowSimulator(WorkflowDefinition.fromAsl({
    StartAt: 'Call', States: { Call: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'bench-fn' }, End: true } },
  }, { name: 'bench-simple' }), { mocks: { integrations: { 'lambda:invoke': { return: { Payload: { ok: true }, StatusCode: 200 } } } }, writeCoverageReport: false });
  const simplePerSecond = await measure('WorkflowSimulator.run (one Task)', runs, () => simple.run({}));
  console.log(`one simple execution                                   ${(1000 / simplePerSecond).toFixed(3)} ms`);

}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
