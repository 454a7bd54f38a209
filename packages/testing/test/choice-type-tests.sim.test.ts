import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '../src';

installMatchers();

// A required-field check as ProcessOrchestrator's input validation writes it: `IsPresent: false` matches a missing
// field ("Choice workflow state", type tests: a rule with a false type test matches when the test fails).
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
}, { name: 'choice-type-tests' });

test('a missing field matches IsPresent: false and takes that rule, before later rules read the field', async () => {
  const result = await new WorkflowSimulator(definition, { writeCoverageReport: false }).run({});
  expect(result).toFailWith('Statecraft.InvalidInput');
});

test('a present, valid field falls through to the Default', async () => {
  const result = await new WorkflowSimulator(definition, { writeCoverageReport: false }).run({ tenantId: 'tenant-1' });
  expect(result).toSucceed();
});
