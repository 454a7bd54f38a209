/**
 * AccountFactory's full fault sweep (every fault at every Task state, under the same scenarios as the sweep test),
 * timed on the Statecraft engine. Prints the cell count and the wall time (target < 1 s); asserts nothing.
 */
import { WorkflowDefinition, WorkflowSimulator, sweepFaults } from '@statecraft/testing';
import { buildVendingStack, vendingSweepScenarios } from '../test/scenarios';

async function main(): Promise<void> {
  const { factory } = buildVendingStack({ seedWithLambda: true });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(factory.stateMachine), { writeCoverageReport: false });
  const sweep = () => sweepFaults(sim, {
    name: 'account-factory-bench',
    print: false,
    redrivable: true,
    scenarios: vendingSweepScenarios(),
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
