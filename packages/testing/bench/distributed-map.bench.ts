// A 6,000-item Distributed Map with an ItemReader (bulk onboarding at ProGlove's scale): each item runs a child
// workflow of three states (a Task, a Choice, a Pass) with MaxConcurrency 20 and a 30 s task on the virtual clock.
// Prints the wall time, the virtual time and the memory; asserts nothing (targets: < 30 s, < 1 GiB).
import { AslStateMachine, WorkflowDefinition, WorkflowSimulator } from '../src';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 6000);

const definition: AslStateMachine = {
  StartAt: 'Vend Each Tenant',
  States: {
    'Vend Each Tenant': {
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Bucket': 'tenant-lists', 'Key.$': '$.key' } },
      ItemSelector: { 'tenant.$': '$$.Map.Item.Value', 'run.$': '$$.Execution.Name' },
      MaxConcurrency: 20,
      ToleratedFailurePercentage: 10,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Vend',
        States: {
          'Vend': { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:vend-tenant', 'Input.$': '$.tenant' }, ResultPath: '$.vended', Next: 'Ready?' },
          'Ready?': { Type: 'Choice', Choices: [{ Variable: '$.vended.Output.status', StringEquals: 'READY', Next: 'Vended' }], Default: 'Not Ready' },
          'Vended': { Type: 'Pass', Parameters: { 'tenantId.$': '$.tenant.tenantId' }, End: true },
          'Not Ready': { Type: 'Fail', Error: 'Tenant.NotReady' },
        },
      },
      ResultPath: null,
      End: true,
    },
  },
} as unknown as AslStateMachine;

/** What `.sync:2` returns: DescribeExecution's output with Output as JSON (API Reference, DescribeExecution). */
const vendedExecution = {
  ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:vend-tenant:child',
  StateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:vend-tenant',
  Status: 'SUCCEEDED',
  StartDate: '2026-12-07T00:00:00.000Z',
  Output: { status: 'READY' },
};

async function main(): Promise<void> {
  const tenants = Array.from({ length: ITEMS }, (_, i) => ({ tenantId: `tenant-${String(i).padStart(5, '0')}`, email: `t${i}@example.com` }));
  const sim = new WorkflowSimulator(WorkflowDefinition.fromAsl(definition, { name: 'bench-distributed-map' }), {
    writeCoverageReport: false,
    // A Distributed Map's iterations are child executions: maxTransitions applies to each, not to their sum.
    itemReaderItems: { 'Vend Each Tenant': tenants },
    mocks: { integrations: { 'states:startExecution': { return: vendedExecution, durationSeconds: 30 } } },
  });
  const started = process.hrtime.bigint();
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const result = await sim.run({ key: 'lists/tenants.json' });
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${ITEMS}-item Distributed Map: ${result.status}, ${result.transitions} transitions, ${result.elapsedSeconds} virtual s `
    + `(${ITEMS} items x 30 s at 20 at a time), ${result.history?.length} history events`);
  console.log(`wall time ${seconds.toFixed(2)} s (target < 30 s), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (target < 1024 MiB)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
