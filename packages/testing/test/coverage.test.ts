import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AslStateMachine, COVERAGE_REPORT_DIR, CoverageReport, WorkflowDefinition, WorkflowSimulator, installMatchers,
} from '../src';
import { listEdges, writeScheduledCoverageReports } from '../src/coverage';
import { FUNCTION_ARN } from './fixtures/workflows';

installMatchers();

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
        { StartAt: 'Left', States: { Left: { Type: 'Task', Resource: FUNCTION_ARN, Retry: [{ ErrorEquals: ['Lambda.ServiceException'] }], End: true } } },
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
    // The report is written once, when the test file ends (not after every run); this writes it now.
    expect(existsSync(reportFile)).toBe(false);
    writeScheduledCoverageReports();
    let report = JSON.parse(readFileSync(reportFile, 'utf8')) as CoverageReport;
    expect(report.visits).toMatchObject({ Item: 2, Left: 1, Right: 1, Each: 1 });

    await happy.run({ kind: 'single', items: [] });
    await happy.run({ kind: 'other' });
    const failing = new WorkflowSimulator(definition, { mocks: { states: { Left: { throw: { error: 'Lambda.Unknown' } } } } });
    expect(await failing.run({ kind: 'batch' })).toFailWith('Statecraft.FanOutFailed');

    expect(happy).toHaveFullStateCoverage();
    expect(failing).toHaveFullEdgeCoverage();
    writeScheduledCoverageReports();
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as CoverageReport;
    expect(report).toMatchObject({
      stateMachine: 'coverage-router',
      writtenBy: { testFile: join('test', 'coverage.test.ts'), pid: process.pid },
      runs: 4,
      executions: [
        { executionName: 'execution-1', status: 'SUCCEEDED' },
        { executionName: 'execution-2', status: 'SUCCEEDED' },
        { executionName: 'execution-3', status: 'FAILED' },
        { executionName: 'execution-1', status: 'FAILED' },
      ],
      states: { total: 8, covered: 8, uncovered: [] },
      edges: { total: 6, covered: 6, uncovered: [] },
    });
  });

  test('writeCoverageReport: false leaves no file behind', async () => {
    const quiet = WorkflowDefinition.fromAsl({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }, { name: 'coverage-quiet' });

    await new WorkflowSimulator(quiet, { writeCoverageReport: false }).run({});

    expect(existsSync(join(COVERAGE_REPORT_DIR, 'coverage-quiet.json'))).toBe(false);
  });

  test('a report another test file wrote under the same name is replaced with a warning naming both files', async () => {
    const shared = WorkflowDefinition.fromAsl({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }, { name: 'coverage-shared-name' });
    const file = join(COVERAGE_REPORT_DIR, 'coverage-shared-name.json');
    mkdirSync(COVERAGE_REPORT_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify({ stateMachine: 'coverage-shared-name', writtenBy: { testFile: 'test/other.test.ts', pid: 1 }, runs: 7 }));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const sim = new WorkflowSimulator(shared);
      await sim.run({});
      await sim.run({});
      writeScheduledCoverageReports();

      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toContain(`was written by test/other.test.ts and is now replaced by the report of ${join('test', 'coverage.test.ts')}`);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ writtenBy: { testFile: join('test', 'coverage.test.ts') }, runs: 2 });
    } finally {
      warn.mockRestore();
      rmSync(file, { force: true });
    }
  });
});
