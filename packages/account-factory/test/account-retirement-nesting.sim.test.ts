import { describedExecution, installMatchers, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../src';
import { buildRetirementStack } from './scenarios';

installMatchers();

// A parent (tenant offboarding) retires the account as a nested execution and catches the quota error by name.
const { stack, retirement } = buildRetirementStack();
const retire = retirement.nestedExecution(stack, 'Retire Tenant Account', {
  input: sfn.TaskInput.fromObject({ 'tenantId.$': '$.tenantId' }),
});
const later = new sfn.Pass(stack, 'Retry Offboarding Next Month');
retire.parallel.addCatch(later, { errors: [AccountFactoryErrors.CLOSURE_QUOTA_EXCEEDED], resultPath: '$.retirementError' });
const parent = new sfn.StateMachine(stack, 'Offboarding', {
  definitionBody: sfn.DefinitionBody.fromChainable(retire.next(new sfn.Pass(stack, 'Offboarded'))),
});
const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(parent, { name: 'tenant-offboarding' }), { writeCoverageReport: false });

test('the plain task starts the retirement with .sync:2 and puts its output at $.retired.output', () => {
  const state = stack.resolve(retirement.startExecutionTask(stack, 'Plain Retire').toStateJson());
  expect(JSON.stringify(state.Resource)).toContain(':states:::states:startExecution.sync:2');
  expect(state).toMatchObject({ ResultSelector: { 'output.$': '$.Output' }, ResultPath: '$.retired' });
});

test('a retired child passes its output to the parent', async () => {
  const result = await sim.with({
    mocks: { states: { 'Retire Tenant Account': { return: describedExecution({ output: { tenantId: 'tenant-acme', status: 'RETIRED' } }) } } },
  }).run({ tenantId: 'tenant-acme' });
  expect(result).toSucceed();
  expect(result.output).toMatchObject({ retired: { output: { status: 'RETIRED' } } });
});

test('the child\'s Statecraft.ClosureQuotaExceeded is caught by name in the parent', async () => {
  const result = await sim.with({
    mocks: {
      states: {
        'Retire Tenant Account': {
          throw: { error: 'States.TaskFailed', cause: JSON.stringify({ Status: 'FAILED', Error: AccountFactoryErrors.CLOSURE_QUOTA_EXCEEDED, Cause: '10 closures in the last 30 days' }) },
        },
      },
    },
  }).run({ tenantId: 'tenant-acme' });
  expect(result).toSucceed();
  expect(result.output).toMatchObject({ retirementError: { Error: AccountFactoryErrors.CLOSURE_QUOTA_EXCEEDED } });
});
