import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AslStateMachine, COVERAGE_REPORT_DIR, CoverageReport, WorkflowDefinition, WorkflowSimulator, installMatchers, listEdges } from '../src';

installMatchers();

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const ROUTER: AslStateMachine = {
  StartAt: 'Route',
  States: {
    'Route': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.kind', StringEquals: 'batch', Next: 'Fan Out' },
        { Variable: '$.kind', StringEquals: 'single', Next: 'Fan Out' },
      ],
      Default: 'Unknown Kind',
    },
    'Unknown Kind': { Type: 'Fail', Error: 'Statecraft.InvalidInput', Cause: 'kind' },
    'Fan Out': {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Task', Resource: LAMBDA, Retry: [{ ErrorEquals: ['Lambda.ServiceException'] }], End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Cleanup' }],
      Next: 'Each',
    },
    'Cleanup': { Type: 'Fail', Error: 'Statecraft.FanOutFailed' },
    'Each': {
      Type: 'Map',
      ItemsPath: '$$.Execution.Input.items',
      ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
      End: true,
    },
  },
};

describe('coverage', () => {
  const definition = WorkflowDefinition.fromAsl(ROUTER, { name: 'coverage-router' });
  const reportFile = join(COVERAGE_REPORT_DIR, 'coverage-router.json');
  beforeAll(() => rmSync(reportFile, { force: true }));

  test('lists every edge: Next, each Choice rule (even two rules to the same state), Default, Catch and Retry', () => {
    expect(listEdges(definition).map((edge) => edge.id)).toEqual([
      'Route --Choice[0]--> Fan Out',
      'Route --Choice[1]--> Fan Out',
      'Route --Default--> Unknown Kind',
      'Fan Out --Next--> Each',
      'Fan Out --Catch[0] States.ALL--> Cleanup',
      'Left --Retry[0] Lambda.ServiceException--> Left',
    ]);
  });

  test('accumulates across runs and simulators of the same state machine, writes the JSON report, and the matchers list the gaps', async () => {
    const happy = new WorkflowSimulator(definition, { mocks: { states: { Left: { 0: { throw: { error: 'Lambda.ServiceException' } }, 1: { return: {} } } } } });

    const first = await happy.run({ kind: 'batch', items: [1, 2] });

    expect(first).toSucceed();
    expect(first.edgesTaken).toEqual(expect.arrayContaining(['Route --Choice[0]--> Fan Out', 'Left --Retry[0] Lambda.ServiceException--> Left']));
    expect(first.edgesTaken).not.toContain('Route --Choice[1]--> Fan Out');
    expect(() => expect(happy).toHaveFullStateCoverage()).toThrow('coverage-router: 6/8 states covered over 1 runs; never entered: Unknown Kind, Cleanup');
    let report = JSON.parse(readFileSync(reportFile, 'utf8')) as CoverageReport;
    expect(report.visits).toMatchObject({ Item: 2, Left: 1, Right: 1, Each: 1 });

    await happy.run({ kind: 'single', items: [] });
    await happy.run({ kind: 'other' });
    const failing = new WorkflowSimulator(definition, { mocks: { states: { Left: { throw: { error: 'Lambda.Unknown' } } } } });
    expect(await failing.run({ kind: 'batch' })).toFailWith('Statecraft.FanOutFailed');

    expect(happy).toHaveFullStateCoverage();
    expect(failing).toHaveFullEdgeCoverage();
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as CoverageReport;
    expect(report).toMatchObject({
      stateMachine: 'coverage-router',
      runs: 4,
      states: { total: 8, covered: 8, uncovered: [] },
      edges: { total: 6, covered: 6, uncovered: [] },
    });
  });

  test('writeCoverageReport: false leaves no file behind', async () => {
    const quiet = WorkflowDefinition.fromAsl({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }, { name: 'coverage-quiet' });

    await new WorkflowSimulator(quiet, { writeCoverageReport: false }).run({});

    expect(existsSync(join(COVERAGE_REPORT_DIR, 'coverage-quiet.json'))).toBe(false);
  });
});
