/**
 * AccountFactory's full fault sweep (every fault at every Task state, under the same scenarios as the sweep test),
 * timed on the Statecraft engine. Prints the cell count and the wall time (target < 1 s); asserts nothing.
 */
import { WorkflowDefinition, WorkflowSimulator, sweepFaults } from '@statecraft/testing';
import { FakeRegistry, STACK_SETS, VendingWorld, VendingWorldOptions, buildVendingStack, registryItem, vendingInput } from '../test/scenarios';

async function main(): Promise<void> {
  const { factory } = buildVendingStack({ seedWithLambda: true });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(factory.stateMachine), { writeCoverageReport: false });
  const scenario = (name: string, options: VendingWorldOptions, input = vendingInput()) => ({
    name, input, mocks: new VendingWorld({ ...options, freshPerRun: true }).mocks(),
  });
  const sweep = () => sweepFaults(sim, {
    name: 'account-factory-bench',
    print: false,
    redrivable: true,
    scenarios: [
      scenario('happy', {}),
      scenario('adopt', { failureReason: 'EMAIL_ALREADY_EXISTS', paginateRoot: true, rootAccounts: [{ Id: '1', Email: 'x@y.z' }, { Id: '555566667777', Email: 'aws+tenant-acme@acme.example' }] }),
      ...STACK_SETS.map((name) => scenario(`stack-set-failure-${name}`, { failingStackSet: name })),
      scenario('creation-failure', { failureReason: 'INTERNAL_FAILURE' }),
      scenario('seeding-failure', { seedingFails: true }),
      scenario('resume', { registry: new FakeRegistry([registryItem('tenant-acme', { stage: 'BASELINED', status: 'FAILED', accountId: '222233334444' })]) }),
    ],
  });
  await sweep(); // warm-up
  const started = process.hrtime.bigint();
  const report = await sweep();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`AccountFactory fault sweep: ${report.totals.cells} cells (${report.taskStates.length} tasks x ${report.faults.length} faults), `
    + `${report.totals.unhandled} unhandled, in ${seconds.toFixed(3)} s (target < 1 s)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
