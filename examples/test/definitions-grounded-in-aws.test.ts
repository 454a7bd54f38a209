import * as os from 'node:os';
import * as path from 'node:path';
import { WorkflowDefinition, findResultReadProblems } from '@statecraft/testing';
import { createExampleApp } from '../src/app';
import { loadSynthesizedDefinitions } from '../src/demo/synthesized-definitions';

// Every state machine the example app synthesizes: one realistic instance of every Statecraft L3 and the fragments it
// composes (the tenant platform nests three of them), in the prop combinations the demo scenarios exercise.
const { app } = createExampleApp({ outdir: path.join(os.tmpdir(), `statecraft-grounded-${process.pid}`) });
const synthesized = loadSynthesizedDefinitions(app.synth());
const cases = synthesized.map((s) => [`${s.stackName}/${s.logicalId}`, s.definition] as const);

test('the example app synthesizes every workflow', () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
});

// WorkflowDefinition validates with asl-validator, which checks the Amazon States Language schema and rejects
// unreachable states and missing transition targets, as CreateStateMachine does; any problem throws, listing them all.
test.each(cases)('%s: AWS would accept the definition (asl-validator, reachability included: 0 problems)', (_name, definition) => {
  expect(() => WorkflowDefinition.fromAsl(definition.asl)).not.toThrow();
});

// Each read of a Task result names a member of its operation's output shape (AWS SDK v3 client models) that AWS has
// not retired (Organizations Account.Status: API Reference, data type Account, retired on 2026-09-09).
test.each(cases)('%s: every read of a Task result names a member the API defines and has not retired', (_name, definition) => {
  expect(findResultReadProblems(definition.asl)).toEqual([]);
});
