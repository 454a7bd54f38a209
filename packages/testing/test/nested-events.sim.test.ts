import { AslStateMachine, WorkflowDefinition, WorkflowSimulator, installMatchers } from '../src';
import { FUNCTION_ARN } from './fixtures/workflows';

installMatchers();

/** The failure event: PutEvents requires Entries (EventBridge API Reference, PutEvents). */
const PUBLISH_FAILURE = { Entries: [{ 'Source': 'statecraft.test', 'DetailType': 'Process Failed', 'Detail.$': '$.error' }] };

/**
 * Every workflow here has the same frame: one outer state (a Parallel or a Map) whose Catch takes any error to the
 * failure event and then to a Fail state; only the outer state's body differs.
 */
function catchingWorkflow(outerName: string, outer: Record<string, unknown>, failState: string, error: string): AslStateMachine {
  return {
    StartAt: outerName,
    States: {
      [outerName]: { ...outer, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Publish Failure' }], End: true },
      'Publish Failure': { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: PUBLISH_FAILURE, ResultPath: null, Next: failState },
      [failState]: { Type: 'Fail', Error: error },
    } as never,
  };
}

/**
 * The events of Parallel branches and Map iterations are part of the run's trace, in the order they happened: a branch
 * as long as a whole workflow (ProcessOrchestrator's `Run Process` wraps one) that fails at its last state is reported
 * whole, before the Catch path that follows it (the previous interpreter dropped such events).
 */
function passChain(prefix: string, count: number, last: string): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  for (let i = 1; i <= count; i++) {
    states[`${prefix} ${i}`] = { Type: 'Pass', Next: i < count ? `${prefix} ${i + 1}` : last };
  }
  return states;
}

const PARALLEL_CATCH = catchingWorkflow('Run Process', {
  Type: 'Parallel',
  Branches: [{
    StartAt: 'Step 1',
    States: {
      ...passChain('Step', 60, 'Train Model'),
      'Train Model': { Type: 'Task', Resource: FUNCTION_ARN, Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 }], End: true },
    },
  }],
}, 'Process Failed', 'Statecraft.ProcessFailed');

const MAP_CATCH = catchingWorkflow('Each Item', {
  Type: 'Map',
  ItemsPath: '$.items',
  ItemProcessor: {
    StartAt: 'Prepare 1',
    States: {
      ...passChain('Prepare', 30, 'Process Item'),
      'Process Item': { Type: 'Task', Resource: FUNCTION_ARN, End: true },
    },
  },
}, 'Items Failed', 'Statecraft.ItemsFailed');

/** ProcessOrchestrator's shape: a workflow with its own Parallel step, wrapped in the single-branch `Run Process`. */
const NESTED_PARALLEL = catchingWorkflow('Run Process', {
  Type: 'Parallel',
  Branches: [{
    StartAt: 'Publish',
    States: {
      Publish: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Score 1',
            States: {
              ...passChain('Score', 40, 'Score Job'),
              'Score Job': { Type: 'Task', Resource: FUNCTION_ARN, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Score Failed' }], End: true },
              'Score Failed': { Type: 'Fail', Error: 'Statecraft.StageFailed' },
            },
          },
          { StartAt: 'Notify', States: { Notify: { Type: 'Wait', Seconds: 5, End: true } } },
        ],
        End: true,
      },
    },
  }],
}, 'Process Failed', 'Statecraft.ProcessFailed');

function simulator(asl: AslStateMachine, name: string, durationSeconds = 0) {
  return new WorkflowSimulator(WorkflowDefinition.fromAsl(asl, { name }), {
    writeCoverageReport: false,
    mocks: {
      integrations: {
        'lambda:invoke': { throw: { error: 'Lambda.ServiceException', cause: 'boom' }, durationSeconds },
        'events:putEvents': { return: { FailedEntryCount: 0 } },
      },
    },
  });
}

describe('events of Parallel branches and Map iterations are all reported, in order', () => {
  test('a branch failing at its last state: the failing state is visited and covered, before the Catch target', async () => {
    const sim = simulator(PARALLEL_CATCH, 'nested-events-parallel', 60);

    const result = await sim.run({});

    expect(result).toFailWith('Statecraft.ProcessFailed');
    const steps = Array.from({ length: 60 }, (_, i) => `Step ${i + 1}`);
    expect(result.visited.map((v) => `${v.name}#${v.attempt}`)).toEqual([
      'Run Process#0', ...steps.map((step) => `${step}#0`), 'Train Model#0', 'Train Model#1', 'Train Model#2', 'Publish Failure#0', 'Process Failed#0',
    ]);
    expect(sim).toHaveFullStateCoverage();
    expect(result.edgesTaken).toEqual(expect.arrayContaining(['Step 60 --Next--> Train Model', 'Train Model --Retry[0] Lambda.ServiceException--> Train Model']));
    // Three 60 s attempts and the 1 s + 2 s backoffs are charged to the branch before the Parallel state ends.
    expect(result.elapsedSeconds).toBe(183);
  });

  test('every failing Map iteration is reported with its index before the Catch target', async () => {
    const sim = simulator(MAP_CATCH, 'nested-events-map');

    const result = await sim.run({ items: [1, 2, 3] });

    expect(result).toFailWith('Statecraft.ItemsFailed');
    const names = result.visited.map((v) => v.name);
    expect(names.filter((n) => n === 'Process Item')).toHaveLength(3);
    expect(names.lastIndexOf('Process Item')).toBeLessThan(names.indexOf('Publish Failure'));
    expect(sim).toHaveFullStateCoverage();
    const events = result.events as Array<{ type: string; state?: { name: string }; index?: number }>;
    const failedIndexes = events.filter((e) => e.type === 'StateFailed' && e.state?.name === 'Process Item').map((e) => e.index).sort();
    expect(failedIndexes).toEqual([0, 1, 2]);
  });

  test('a Parallel inside a Parallel: the inner Catch target is visited before the outer one', async () => {
    const sim = simulator(NESTED_PARALLEL, 'nested-events-nested-parallel');

    const result = await sim.run({});

    expect(result).toFailWith('Statecraft.ProcessFailed');
    const names = result.visited.map((v) => v.name);
    expect(names).toContain('Score Failed');
    expect(names.indexOf('Score Failed')).toBeLessThan(names.indexOf('Publish Failure'));
    expect(names.slice(-2)).toEqual(['Publish Failure', 'Process Failed']);
    expect(sim).toHaveFullStateCoverage();
  });
});
