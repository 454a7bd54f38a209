/**
 * Account vending performance figures, computed from runs of the synthesized definitions in the local
 * simulator (virtual clock) and, for 6,000 tenants, from a discrete-event model whose parameters are read
 * from the synthesized bulk definition. Prints figures; asserts nothing.
 */
import { ExecutionResult, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { PollSchedule } from '@statecraft/process-orchestration';
import { CreationSlots } from '../src';
import { STACK_SETS, VendingWorld, buildBulkStack, buildVendingStack, vendingInput, checkTimes } from '../test/scenarios';

const STACK_SET_OPERATION_SECONDS = 60;

/** Step Functions history events per state entered (Standard), by state type: a model of the event log. */
const EVENTS_PER_STATE: Record<string, number> = { Task: 5, Pass: 2, Choice: 2, Wait: 2, Succeed: 2, Fail: 2, Parallel: 4, Map: 4 };

function historyEvents(definition: WorkflowDefinition, result: ExecutionResult): number {
  // ExecutionStarted + ExecutionSucceeded, each state's entered/exited (+ scheduled/started/succeeded for
  // tasks), each retry's scheduled/started/failed, each Parallel branch / Map iteration started/succeeded.
  let events = 2;
  for (const visit of result.visited) {
    const type = definition.state(visit.name).state.Type as string;
    events += visit.attempt > 0 ? 3 : EVENTS_PER_STATE[type] ?? 2;
  }
  return events;
}

async function vend(sim: WorkflowSimulator, world: VendingWorld): Promise<ExecutionResult> {
  const result = await sim.with({ mocks: world.mocks() }).run(vendingInput('tenant-bench'), { executionName: 'vend-tenant-bench' });
  if (result.status !== 'SUCCEEDED') throw new Error(`bench run failed: ${result.error} ${result.cause}`);
  return result;
}

async function singleAccount(): Promise<void> {
  const schedule = PollSchedule.geometricCheckTimes();
  for (const seeded of [false, true]) {
    const { factory } = buildVendingStack({ seedWithLambda: seeded });
    const definition = WorkflowDefinition.fromStateMachine(factory.stateMachine);
    const sim = new WorkflowSimulator(definition, { writeCoverageReport: false });
    const result = await vend(sim, new VendingWorld({ creationSeconds: 300, stackSetOperationSeconds: STACK_SET_OPERATION_SECONDS }));
    console.log(`vended account, 5-minute creation, ${STACK_SETS.length} StackSets${seeded ? ', Lambda seeding' : ', no seeding'}: `
      + `${result.transitions} state transitions (target < 60), ${result.lambdaInvocations} Lambda invocations, `
      + `${result.taskInvocations['organizations:describeCreateAccountStatus']} status checks, ${result.elapsedSeconds} s virtual`);
  }

  const { factory } = buildVendingStack();
  const definition = WorkflowDefinition.fromStateMachine(factory.stateMachine);
  const sim = new WorkflowSimulator(definition, { writeCoverageReport: false });
  const long = await vend(sim, new VendingWorld({ creationSeconds: 2 * 3600 }));
  console.log(`2-hour creation: ${long.transitions} transitions, ~${historyEvents(definition, long)} history events (limit 25,000), `
    + `${long.taskInvocations['organizations:describeCreateAccountStatus']} status checks`);

  console.log('time to ready (creation noticed after the account became active), default schedule:');
  for (const minutes of [2, 5, 30]) {
    const creation = minutes * 60;
    const result = await vend(sim, new VendingWorld({ creationSeconds: creation }));
    // The run's virtual time is: creation noticed + one baseline check (the StackSet operations take 60 s).
    const noticed = result.elapsedSeconds - 60;
    const fromSchedule = checkTimes(schedule).find((t) => t >= creation)!;
    console.log(`  ${String(minutes).padStart(2)}-minute creation: noticed at ${noticed} s (schedule: ${fromSchedule} s), `
      + `+${(((noticed - creation) / creation) * 100).toFixed(1)}% (target <= 20%), ${result.transitions} transitions`);
  }
  let worst = 0;
  for (let creation = 120; creation <= 2 * 3600; creation += 1) {
    const noticed = checkTimes(schedule).find((t) => t >= creation)!;
    worst = Math.max(worst, (noticed - creation) / creation);
  }
  console.log(`  worst case over every creation time from 2 minutes to 2 hours (1 s steps): +${(worst * 100).toFixed(1)}%`);
}

/** Parameters of the bulk run, read from the synthesized definitions. */
function bulkParameters() {
  const { bulk, factory } = buildBulkStack();
  const bulkAsl = WorkflowDefinition.fromStateMachine(bulk.stateMachine);
  const vendAsl = WorkflowDefinition.fromStateMachine(factory.stateMachine);
  const map = bulkAsl.state('Vend Each Tenant').state as any;
  const acquire = vendAsl.state('Acquire Creation Slot').state as any;
  const slotRetry = acquire.Retry.find((r: any) => r.ErrorEquals.includes('DynamoDb.ConditionalCheckFailedException'));
  const slots = Number(acquire.Arguments.ExpressionAttributeValues[':limit'].N);
  // The Wait computes each delay from the schedule (PollUntilDone); the factory's schedule lists them.
  const delays = factory.workflow.creationPollSchedule.delaysSeconds();
  const baselineWait = (vendAsl.state('Wait For Baseline').state as any).Seconds as number;
  return { concurrency: map.MaxConcurrency as number, slots, slotRetry, delays, baselineWait };
}

/**
 * A discrete-event model of a bulk run: `concurrency` vending executions at a time; each takes a creation
 * slot (retrying with the definition's jittered backoff while all are taken), creates its account, checks on
 * the definition's schedule, gives the slot back when it notices the account, then baselines.
 */
function simulateBulk(tenants: number, creationSeconds: number, p: ReturnType<typeof bulkParameters>, delays: number[], seed = 42) {
  let random = seed;
  const rand = () => ((random = (random * 1103515245 + 12345) % 2147483648) / 2147483648);
  const checkTimes: number[] = [];
  delays.reduce((t, d) => { checkTimes.push(t + d); return t + d; }, 0);
  const hold = checkTimes.find((t) => t >= creationSeconds)!;
  const afterCreation = p.baselineWait * Math.ceil(STACK_SET_OPERATION_SECONDS / p.baselineWait);
  type Event = { time: number; kind: 'try' | 'release' | 'done'; tenant: number; attempt: number };
  const queue: Event[] = [];
  const push = (e: Event) => { let i = queue.length; queue.push(e); while (i > 0 && queue[i - 1].time > e.time) { queue[i] = queue[i - 1]; i--; } queue[i] = e; };
  let next = 0;
  let free = p.slots;
  let end = 0;
  let slotBusy = 0;
  const start = (time: number) => { if (next < tenants) push({ time, kind: 'try', tenant: next++, attempt: 0 }); };
  for (let i = 0; i < p.concurrency; i++) start(0);
  while (queue.length > 0) {
    const e = queue.shift()!;
    if (e.kind === 'try') {
      if (free > 0) {
        free--;
        slotBusy += hold;
        push({ time: e.time + hold, kind: 'release', tenant: e.tenant, attempt: 0 });
      } else {
        const cap = Math.min(p.slotRetry.MaxDelaySeconds, p.slotRetry.IntervalSeconds * p.slotRetry.BackoffRate ** e.attempt);
        push({ time: e.time + rand() * cap, kind: 'try', tenant: e.tenant, attempt: e.attempt + 1 });
      }
    } else if (e.kind === 'release') {
      free++;
      push({ time: e.time + afterCreation, kind: 'done', tenant: e.tenant, attempt: 0 });
    } else {
      end = Math.max(end, e.time);
      start(e.time);
    }
  }
  const ideal = (tenants * creationSeconds) / p.slots;
  return { end, ideal, ratio: end / ideal, hold, utilisation: slotBusy / (end * p.slots) };
}

function bulk(): void {
  const p = bulkParameters();
  console.log(`bulk onboarding model (from the synthesized definitions): ${p.concurrency} vending executions at once, ${p.slots} creation slots, `
    + `slot retry ${p.slotRetry.IntervalSeconds}s x${p.slotRetry.BackoffRate} up to ${p.slotRetry.MaxDelaySeconds}s (${p.slotRetry.JitterStrategy} jitter)`);
  const defaults = PollSchedule.geometricCheckTimes().delaysSeconds();
  for (const [label, delays] of [['bulk schedule (CreationSlots default)', p.delays], ['single-vend default schedule', defaults]] as const) {
    for (const minutes of [5]) {
      const r = simulateBulk(6000, minutes * 60, p, [...delays]);
      console.log(`  6,000 tenants, ${minutes}-minute creations, ${label}: ${(r.end / 3600).toFixed(1)} h vs ideal 6,000 x ${minutes} min / 5 = `
        + `${(r.ideal / 3600).toFixed(1)} h -> ${r.ratio.toFixed(3)}x (target <= 1.1x); slot held ${r.hold} s per account, slots busy ${(r.utilisation * 100).toFixed(1)}%`);
    }
  }
  void CreationSlots;
}

async function main() {
  await singleAccount();
  bulk();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
