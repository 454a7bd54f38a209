import * as os from 'node:os';
import * as path from 'node:path';
import { findResultReadProblems, validateDefinition } from '@statecraft/testing';
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

// validateDefinition reports what ValidateStateMachineDefinition does (Step Functions API Reference): unknown and
// misplaced fields, unreachable states, missing transition targets, malformed paths and expressions. CreateStateMachine
// rejects a definition with any ERROR; AWS also flags WARNINGs (for example a static Pass Result), which we keep at 0.
test.each(cases)('%s: AWS would accept the definition (0 errors, 0 warnings from validateDefinition)', (_name, definition) => {
  expect(validateDefinition(definition.asl)).toEqual([]);
});

// Each read of a Task result names a member of its operation's output shape (AWS SDK v3 client models) that AWS has
// not retired (Organizations Account.Status: API Reference, data type Account, retired on 2026-09-09).
test.each(cases)('%s: every read of a Task result names a member the API defines and has not retired', (_name, definition) => {
  expect(findResultReadProblems(definition.asl)).toEqual([]);
});
