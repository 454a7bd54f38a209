import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountVendingFragment, BaselineStackSet, TenantRegistry } from '../src';
import { ROOT_ID, STACK_SETS, VendingWorld, vendingInput } from './scenarios';

installMatchers();

/**
 * AWS rejects a JSONPath state inside a state machine whose top-level QueryLanguage is JSONata ("Transforming data
 * with JSONata in Step Functions": a JSONata state machine cannot contain JSONPath states), so the fragment's
 * states all declare JSONata: it fits a user's JSONata state machine as well as a JSONPath one.
 */
describe.each([sfn.QueryLanguage.JSONATA, sfn.QueryLanguage.JSON_PATH])('the vending fragment in a user\'s %s state machine', (queryLanguage) => {
  const stack = new Stack(new App(), 'Mine', { env: { account: '111111111111', region: 'us-east-1' } });
  const registry = new TenantRegistry(stack, 'Registry');
  const vending = new AccountVendingFragment(stack, 'Vending', {
    registry,
    organizationRootId: ROOT_ID,
    baselineStackSets: STACK_SETS.map((name) => BaselineStackSet.existing(name)),
  });
  const machine = new sfn.StateMachine(stack, 'Onboarding', { queryLanguage, definitionBody: sfn.DefinitionBody.fromChainable(vending) });

  test('synthesizes, and every state of the fragment declares JSONata (or inherits it)', () => {
    const definition = WorkflowDefinition.fromStateMachine(machine);
    const languages = definition.states.map((located) => (located.state as any).QueryLanguage ?? (definition.asl as any).QueryLanguage);
    expect(new Set(languages)).toEqual(new Set(['JSONata']));
  });

  test('vends an account: the output is the tenant\'s registry record', async () => {
    const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine), { writeCoverageReport: false });
    const result = await sim.with({ mocks: new VendingWorld().mocks() }).run(vendingInput(), { executionName: 'vend-tenant-acme' });
    expect(result).toSucceed();
    expect(result.output).toEqual({ tenantId: 'tenant-acme', accountId: '222233334444', stage: 'READY', status: 'READY' });
  });
});
