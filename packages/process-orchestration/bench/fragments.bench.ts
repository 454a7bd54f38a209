/**
 * Figures for the fragments every workflow embeds (issue 18): states in the definition, definition bytes and state
 * transitions of the example workflows on their happy path, and the states of the nested-execution wrapper and of
 * input validation on their own. Prints figures; asserts nothing.
 */
import { WorkflowDefinition, WorkflowSimulator, describedExecution } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessOrchestrator } from '../src';
import { NIGHTLY_BATCH_INPUT, nightlyBatch, orderSaga } from '../test/example-workflows';

const ENV = { account: '123456789012', region: 'us-east-1' };
const MOCKS = { integrations: { 'lambda:invoke': { return: { Payload: {} } }, 'dynamodb:updateItem': { return: {} } } };

/** States of an ASL scope, counted recursively through Parallel branches and Map processors. */
function countStates(states: Record<string, any>): number {
  return Object.values(states).reduce((sum: number, state: any) => sum + 1
    + (state.Branches ?? []).reduce((n: number, b: any) => n + countStates(b.States), 0)
    + (state.ItemProcessor ?? state.Iterator ? countStates((state.ItemProcessor ?? state.Iterator).States) : 0), 0);
}

/** A parent that only runs the nightly batch nested: what the nested-execution wrapper costs. */
function nestedParent(stack: Stack): sfn.StateMachine {
  const child = nightlyBatch(stack);
  const nested = child.nestedExecution(stack, 'Run Nightly Batch');
  return new sfn.StateMachine(stack, 'Parent', { definitionBody: sfn.DefinitionBody.fromChainable(nested) });
}

async function main() {
  const rows: string[][] = [];
  const workflows: Array<[string, (s: Stack) => sfn.StateMachine, object, object]> = [
    ['nightly-batch (validation + job graph)', (s) => nightlyBatch(s).stateMachine, { runDate: '2026-11-24T02:00:00Z', region: 'eu' }, MOCKS],
    ['order-fulfilment (validation + saga)', (s) => orderSaga(s).stateMachine, { orderId: 'order-1' }, MOCKS],
    ['nested nightly batch (wrapper only)', nestedParent, { runDate: '2026-11-24T02:00:00Z' },
      { states: { 'Run Nightly Batch': { return: describedExecution({ output: {} }) } } }],
  ];
  for (const [name, build, input, mocks] of workflows) {
    const definition = WorkflowDefinition.fromStateMachine(build(new Stack(new App(), 'Bench', { env: ENV })), { name: 'bench' });
    const result = await new WorkflowSimulator(definition, { mocks: mocks as any, writeCoverageReport: false }).run(input);
    rows.push([name, String(countStates(definition.asl.States)), String(JSON.stringify(definition.asl).length),
      String(result.transitions), result.status]);
  }

  // Input validation alone: the nightly batch's five fields in front of a Pass.
  const stack = new Stack(new App(), 'Bench', { env: ENV });
  const validated = new ProcessOrchestrator(stack, 'V', { processName: 'v', inputValidation: NIGHTLY_BATCH_INPUT, definition: new sfn.Pass(stack, 'Body') });
  const validation = WorkflowDefinition.fromStateMachine(validated.stateMachine, { name: 'bench' });
  const validationResult = await new WorkflowSimulator(validation, { writeCoverageReport: false }).run({ runDate: '2026-11-24T02:00:00Z', region: 'eu' });
  rows.push(['input validation (5 fields) + failure handling + Pass', String(countStates(validation.asl.States)),
    String(JSON.stringify(validation.asl).length), String(validationResult.transitions), validationResult.status]);

  const header = ['workflow', 'states', 'definition bytes', 'happy-path transitions', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
