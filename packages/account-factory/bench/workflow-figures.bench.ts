/**
 * Size and cost figures of every workflow this package ships (issue 18's table): states in the definition
 * (nested branches and iterators included), definition bytes, and on its demo happy path the state transitions,
 * history events and USD per 1,000 executions (Standard: $0.025 per 1,000 transitions, us-east-1).
 * Prints figures; asserts nothing.
 */
import { executionStatusChangeEvent, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { DEMO_SCENARIOS, RetirementWorld, VendingWorld, buildRetirementStack, buildVendingStack, vendingInput } from '../test/scenarios';

const USD_PER_TRANSITION = 0.025 / 1000;

function countStates(states: Record<string, any>): number {
  let count = 0;
  for (const state of Object.values(states)) {
    count++;
    for (const branch of state.Branches ?? []) count += countStates(branch.States);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) count += countStates(processor.States);
  }
  return count;
}

interface Row { workflow: string; machine: sfn.StateMachine; input: unknown; mocks: any; options?: any }

async function main(): Promise<void> {
  const factory = buildVendingStack({ seedWithLambda: true }).factory;
  const { retirement } = buildRetirementStack();
  const failedRun = await new WorkflowSimulator(WorkflowDefinition.fromStateMachine(factory.stateMachine), { writeCoverageReport: false })
    .with({ mocks: new VendingWorld({ failingStackSet: 'tenant-network' }).mocks() }).run(vendingInput('tenant-globex'));
  const rows: Row[] = [
    { workflow: 'account factory', machine: factory.stateMachine, input: DEMO_SCENARIOS.accountFactory.happy.input, mocks: DEMO_SCENARIOS.accountFactory.happy.mocks() },
    { workflow: 'failure bookkeeping', machine: factory.failureBookkeeping.stateMachine, input: executionStatusChangeEvent(failedRun), mocks: new VendingWorld().mocks() },
    { workflow: 'account retirement', machine: retirement.stateMachine, input: DEMO_SCENARIOS.accountRetirement.happy.input, mocks: DEMO_SCENARIOS.accountRetirement.happy.mocks() },
    { workflow: 'quota release', machine: retirement.quotaRelease.stateMachine, input: { holder: 'retire-tenant-acme', tenantId: 'tenant-acme' }, mocks: new RetirementWorld().mocks() },
    {
      workflow: 'bulk onboarding (12 tenants)', machine: DEMO_SCENARIOS.bulkOnboarding.build(), input: DEMO_SCENARIOS.bulkOnboarding.happy.input,
      mocks: DEMO_SCENARIOS.bulkOnboarding.happy.mocks(), options: { itemReaderItems: DEMO_SCENARIOS.bulkOnboarding.itemReaderItems },
    },
  ];
  console.log('| workflow | states | definition bytes | happy-path transitions | history events | USD per 1,000 executions |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    const definition = WorkflowDefinition.fromStateMachine(row.machine);
    const asl = definition.asl as any;
    const result = await new WorkflowSimulator(definition, { writeCoverageReport: false, ...row.options }).with({ mocks: row.mocks }).run(row.input);
    if (result.status !== 'SUCCEEDED') throw new Error(`${row.workflow}: ${result.error} ${result.cause}`);
    console.log(`| ${row.workflow} | ${countStates(asl.States)} | ${JSON.stringify(asl).length} | ${result.transitions} | `
      + `${result.history?.length ?? '-'} | ${(result.transitions * USD_PER_TRANSITION * 1000).toFixed(3)} |`);
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
