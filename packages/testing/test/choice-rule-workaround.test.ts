import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '../src';
import { rewriteFalseTypeTests } from '../src/choice-rule-workaround';

installMatchers();

// A required-field check as ProcessOrchestrator's input validation writes it: `IsPresent: false` must match a missing
// field (AWS semantics) although aws-local-stepfunctions 3.0.0 evaluates it as never matching.
const definition = WorkflowDefinition.fromAsl({
  StartAt: 'Check',
  States: {
    Check: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.tenantId', IsPresent: false, Next: 'Missing' },
        { Variable: '$.tenantId', IsNull: true, Next: 'Missing' },
        { Not: { Variable: '$.tenantId', StringMatches: 'tenant-*' }, Next: 'Missing' },
      ],
      Default: 'Valid',
    },
    Missing: { Type: 'Fail', Error: 'Statecraft.InvalidInput', Cause: 'tenantId' },
    Valid: { Type: 'Succeed' },
  },
}, { name: 'choice-rule-workaround' });

test('a missing field matches IsPresent: false and takes that rule, before later rules read the field', async () => {
  const result = await new WorkflowSimulator(definition, { writeCoverageReport: false }).run({});
  expect(result).toFailWith('Statecraft.InvalidInput');
});

test('a present, valid field falls through to the Default', async () => {
  const result = await new WorkflowSimulator(definition, { writeCoverageReport: false }).run({ tenantId: 'tenant-1' });
  expect(result).toSucceed();
});

test('false type tests are rewritten to Not(true) and nothing else changes', () => {
  expect(rewriteFalseTypeTests({ Choices: [{ Variable: '$.a', IsString: false, Next: 'X' }, { And: [{ Variable: '$.b', IsNull: false }] }] }))
    .toEqual({ Choices: [{ Not: { Variable: '$.a', IsString: true }, Next: 'X' }, { And: [{ Not: { Variable: '$.b', IsNull: true } }] }] });
});
