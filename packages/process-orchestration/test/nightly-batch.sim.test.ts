import { WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '@statecraft/testing';
import { NIGHTLY_BATCH_INPUT, nightlyBatch, testStack } from './example-workflows';

installMatchers();

const orchestrator = nightlyBatch(testStack());
const definition = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'nightly-batch' });
const ok = { return: { Payload: { ok: true } } };
const mocks = { integrations: { 'lambda:invoke': ok, 'dynamodb:updateItem': { return: {} } } };
const sim = new WorkflowSimulator(definition, { mocks });
const input = { runDate: '2026-11-24T02:00:00Z', region: 'eu', source: 's3://landing/2026-11-24', batchSize: 500, dryRun: false };

describe('nightly batch (job graph with a failure handler)', () => {
  test('runs the jobs in dependency order: both extracts, then reconcile, then the report', async () => {
    const result = await sim.run(input);

    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Validate Input', 'Run Process',
      'Stage 1 (extract-orders, extract-payments)', 'Stage 2 (reconcile)', 'Reconcile', 'Stage 3 (report)', 'Publish Report']);
    const order = result.visited.map((v) => v.name);
    expect(order.indexOf('Reconcile')).toBeGreaterThan(order.indexOf('Extract Orders'));
    expect(order.indexOf('Reconcile')).toBeGreaterThan(order.indexOf('Extract Payments'));
    expect(result.taskInvocations).toEqual({ 'lambda:invoke': 4 });
    expect(result.output).toEqual(input);
  });

  test('retries a throttled job and then succeeds', async () => {
    const result = await sim.with({
      mocks: {
        ...mocks,
        states: {
          Reconcile: {
            '0-1': { throw: { error: 'Lambda.TooManyRequestsException', cause: 'Rate exceeded' } },
            '2': ok,
          },
        },
      },
    }).run(input);

    expect(result).toSucceed();
    expect(result.visited.filter((v) => v.name === 'Reconcile').map((v) => v.attempt)).toEqual([0, 1, 2]);
  });

  test('when the retries are exhausted, the failure handler marks the run failed and the run ends Statecraft.ProcessFailed naming the error', async () => {
    const result = await sim.with({
      mocks: { ...mocks, states: { 'Extract Orders': { throw: { error: 'Lambda.ServiceException', cause: 'boom' } } } },
    }).run(input);

    expect(result).toFailWith('Statecraft.ProcessFailed', 'Lambda.ServiceException');
    // first attempt + 6 retries of the transient preset
    expect(result.visited.filter((v) => v.name === 'Extract Orders')).toHaveLength(7);
    expect(result).toHaveVisitedInOrder(['Run Process', 'Handle Failure', 'Mark Run Failed', 'Re-raise Failure']);
    expect(result.visited.map((v) => v.name)).not.toContain('Reconcile');
  });

  test('a Statecraft error from the body is re-raised unchanged after the failure handler', async () => {
    const result = await sim.with({
      mocks: { ...mocks, states: { 'Publish Report': { throw: { error: 'Statecraft.ReportRejected', cause: 'empty report' } } } },
    }).run(input);

    expect(result).toFailWith('Statecraft.ReportRejected', 'empty report');
    expect(result).toHaveVisitedInOrder(['Handle Failure', 'Mark Run Failed', 'Re-raise Failure']);
  });

  test('a failing failure handler still ends with the original error', async () => {
    const result = await sim.with({
      mocks: {
        integrations: { 'lambda:invoke': ok },
        states: {
          'Reconcile': { throw: { error: 'Statecraft.ReconcileMismatch', cause: '3 orders unpaid' } },
          'Mark Run Failed': { throw: { error: 'DynamoDB.ConditionalCheckFailedException', cause: 'no such run' } },
        },
      },
    }).run(input);

    expect(result).toFailWith('Statecraft.ReconcileMismatch', '3 orders unpaid');
  });

  test.each([
    [{ ...input, runDate: undefined }, 'runDate', 'an RFC 3339 timestamp (required)'],
    [{ ...input, runDate: 'yesterday' }, 'runDate', 'an RFC 3339 timestamp'],
    [{ ...input, region: 'ap' }, 'region', "a non-empty string, one of 'eu', 'us' (required)"],
    [{ ...input, region: 42 }, 'region', 'a non-empty string'],
    [{ ...input, source: 'ftp://old-box' }, 'source', "a non-empty string, matching 's3://*' (optional)"],
    [{ ...input, batchSize: 0 }, 'batchSize', 'a number, from 1 to 1000 (optional)'],
    [{ ...input, batchSize: 5000 }, 'batchSize', 'a number, from 1 to 1000 (optional)'],
    [{ ...input, batchSize: '500' }, 'batchSize', 'a number'],
    [{ ...input, dryRun: 'no' }, 'dryRun', 'a boolean'],
  ])('rejects invalid input before any task runs: %j fails on %s', async (bad, field, expected) => {
    const result = await sim.run(bad);

    expect(result).toFailWith('Statecraft.InvalidInput', `Input field '${field}' is invalid: expected ${expected}`);
    expect(result.taskInvocations).toEqual({});
    expect(result.visited.map((v) => v.name)).not.toContain('Run Process');
  });

  test('reports every invalid field at once, in declaration order, joined by "; "', async () => {
    const result = await sim.run({ runDate: 'yesterday', region: 'eu', batchSize: 0, dryRun: null });

    expect(result).toFailWith('Statecraft.InvalidInput', [
      "Input field 'runDate' is invalid: expected an RFC 3339 timestamp (required)",
      "Input field 'batchSize' is invalid: expected a number, from 1 to 1000 (optional)",
      "Input field 'dryRun' is invalid: expected a boolean (optional)",
    ].join('; '));
    expect(result).toHaveVisitedInOrder(['Validate Input', 'Invalid Input']);
  });

  test('accepts input without the optional fields', async () => {
    const result = await sim.run({ runDate: '2026-11-24T02:00:00Z', region: 'us' });

    expect(result).toSucceed();
  });

  test('every state of the workflow was entered by these runs', () => {
    expect(sim).toHaveFullStateCoverage();
  });

  test('fault sweep: every fault at every task is recovered or handled by the failure handler with a Statecraft error', async () => {
    const report = await sweepFaults(sim, {
      scenarios: [
        { name: 'happy path', input },
        // Reaches the failure handler, so faults are injected into it too.
        { name: 'reconcile mismatch', input, mocks: { ...mocks, states: { Reconcile: { throw: { error: 'Statecraft.ReconcileMismatch', cause: '3 orders unpaid' } } } } },
      ],
      name: 'nightly-batch',
      isHandled: (result) => result.error !== undefined && result.error.startsWith('Statecraft.')
        && result.visited.some((v) => v.name === 'Mark Run Failed'),
    });

    expect(report).toHaveNoUnhandledFaults();
    expect(report.totals.cells).toBe(report.taskStates.length * 4);
    expect(report.totals.recovered).toBeGreaterThan(0);
    expect(report.totals.handled).toBeGreaterThan(0);
    expect(NIGHTLY_BATCH_INPUT.fields).toHaveLength(5);
  });
});
