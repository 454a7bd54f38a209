import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import { VendingWorld, buildVendingStack, vendingInput } from './scenarios';

installMatchers();

const { factory } = buildVendingStack({ seedWithLambda: true });
const definition = WorkflowDefinition.fromStateMachine(factory.stateMachine);

function simulator(world: VendingWorld): WorkflowSimulator {
  return new WorkflowSimulator(definition, { mocks: world.mocks() });
}

test('happy path: creates, moves, baselines, seeds, and reports READY', async () => {
  const world = new VendingWorld({ creationSeconds: 300 });
  const result = await simulator(world).run(vendingInput('tenant-acme'), { executionName: 'vend-tenant-acme' });
  if (result.status !== 'SUCCEEDED') console.log(result.error, result.cause, result.visited.map((v) => v.name));
  expect(result).toSucceed();
  expect(result.output).toEqual({ tenantId: 'tenant-acme', accountId: '222233334444', stage: 'READY', status: 'READY' });
  console.log(result.transitions, result.elapsedSeconds, result.visited.map((v) => v.name).join(' > '));
});
