import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AslStateMachine, FAULT_SWEEP_REPORT_DIR, FaultSweepReport, WorkflowDefinition, WorkflowSimulator, assertNoUnhandledFaults,
  installMatchers, sweepFaults,
} from '../src';
import { faultErrorName } from '../src/fault-catalogue';
import { parseIntegration } from '../src/integration';
import { FUNCTION_ARN } from './fixtures/workflows';

installMatchers();

const cell = (report: FaultSweepReport, state: string, fault: string) => report.cells.find((c) => c.state === state && c.fault === fault)!;

// Names from the Step Functions Developer Guide where it gives them (HTTP Task, Lambda, SageMaker), otherwise the error
// shapes of each service's API model (@aws-sdk/client-<service>), otherwise AWS's common errors; see src/fault-catalogue.ts.
describe('fault catalogue', () => {
  test.each([
    ['arn:aws:states:::aws-sdk:organizations:createAccount', 'Organizations.TooManyRequestsException', 'Organizations.ServiceException', 'Organizations.AccessDeniedException'],
    ['arn:aws:states:::sagemaker:createTrainingJob.sync', 'SageMaker.AmazonSageMakerException', 'SageMaker.AmazonSageMakerException', 'SageMaker.AmazonSageMakerException'],
    ['arn:aws:states:::lambda:invoke', 'Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.InvalidRequestContentException'],
    ['arn:aws:states:::dynamodb:putItem', 'DynamoDB.ProvisionedThroughputExceededException', 'DynamoDB.InternalServerError', 'DynamoDB.ConditionalCheckFailedException'],
    ['arn:aws:states:::aws-sdk:dynamodb:query', 'DynamoDb.ProvisionedThroughputExceededException', 'DynamoDb.InternalServerErrorException', 'DynamoDb.ConditionalCheckFailedException'],
    ['arn:aws:states:::batch:submitJob.sync', 'Batch.ThrottlingException', 'Batch.ServerException', 'Batch.ClientException'],
    ['arn:aws:states:::http:invoke', 'States.Http.StatusCode.429', 'States.Http.StatusCode.503', 'States.Http.StatusCode.400'],
    ['arn:aws:states:::aws-sdk:someservice:doThing', 'ThrottlingException', 'ServiceUnavailableException', 'ValidationException'],
  ])('%s: throttling %s, transient %s, non-retryable %s', (resource, throttling, transient, serviceError) => {
    const integration = parseIntegration(resource);

    expect(faultErrorName('throttling', integration)).toBe(throttling);
    expect(faultErrorName('transient', integration)).toBe(transient);
    expect(faultErrorName('serviceError', integration)).toBe(serviceError);
    expect(faultErrorName('timeout', integration)).toBe('States.Timeout');
  });
});

describe('sweepFaults', () => {
  const WORKFLOW: AslStateMachine = {
    StartAt: 'Route',
    States: {
      // Retries throttling and transient errors, catches the rest into the failure handler.
      'Route': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.express', BooleanEquals: true, Next: 'Express Lane' },
          { Variable: '$.legacy', IsPresent: true, Next: 'Never Reached' },
        ],
        Default: 'Resilient',
      },
      'Resilient': {
        Type: 'Task',
        Resource: FUNCTION_ARN,
        Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException'], MaxAttempts: 3 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Record Failure' }],
        ResultPath: null,
        Next: 'Fragile',
      },
      // No Retry and no Catch: every fault escapes raw.
      'Fragile': {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:organizations:tagResource',
        Parameters: { ResourceId: '222233334444', Tags: [{ Key: 'tenant', Value: 'acme' }] },
        ResultPath: null,
        Next: 'Poller',
      },
      // Catches everything and tries again after a wait, forever: a persistent fault hangs it.
      'Poller': {
        Type: 'Task',
        Resource: 'arn:aws:states:::sagemaker:describeTrainingJob',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Back Off' }],
        ResultPath: null,
        End: true,
      },
      'Back Off': { Type: 'Wait', Seconds: 60, Next: 'Poller' },
      'Express Lane': {
        Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 'arn:aws:sns:us-east-1:111111111111:express', Message: 'express' }, End: true,
      },
      'Never Reached': { Type: 'Task', Resource: FUNCTION_ARN, End: true },
      'Record Failure': {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: { TableName: 'failures', Item: { id: { 'S.$': '$$.Execution.Name' } } },
        ResultPath: null,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        Next: 'Failed',
      },
      'Failed': { Type: 'Fail', Error: 'Statecraft.WorkFailed', Cause: 'see the registry' },
    },
  };
  const mocks = {
    integrations: {
      'lambda:invoke': { return: {} },
      'organizations:tagResource': { return: {} },
      'sagemaker:describeTrainingJob': { return: { TrainingJobStatus: 'Completed' } },
      'sns:publish': { return: { MessageId: 'm' } },
      'dynamodb:putItem': { return: {} },
    },
  };
  const definition = WorkflowDefinition.fromAsl(WORKFLOW, { name: 'sweep-demo' });
  let report: FaultSweepReport;

  beforeAll(async () => {
    // 'Never Reached' is deliberately unreachable, so the sweep must say so.
    report = await sweepFaults(new WorkflowSimulator(definition, { mocks, writeCoverageReport: false }), {
      scenarios: [{ name: 'standard', input: { express: false } }, { name: 'express', input: { express: true } }],
      // The failure handling of this workflow is the registry write; a failure without it is not handled.
      isHandled: (result) => result.visited.some((v) => v.name === 'Record Failure'),
      notRetried: [{ state: 'Resilient', fault: 'serviceError', reason: 'InvalidRequestContent means the payload is wrong; retrying cannot fix it' }],
      maxTransitions: 300,
    });
  });

  test('recovered: a transient fault that clears within the Retry budget', () => {
    expect(cell(report, 'Resilient', 'transient')).toMatchObject({ outcome: 'recovered', injected: 'Lambda.ServiceException', scenario: 'standard' });
    expect(cell(report, 'Poller', 'transient')).toMatchObject({ outcome: 'recovered' });
  });

  test('handled: the fault reached the failure handler and ended with the named error; the not-retried reason is kept', () => {
    expect(cell(report, 'Resilient', 'throttling')).toMatchObject({ outcome: 'handled', error: 'Statecraft.WorkFailed' });
    expect(cell(report, 'Resilient', 'serviceError')).toMatchObject({
      outcome: 'handled',
      notRetried: 'InvalidRequestContent means the payload is wrong; retrying cannot fix it',
    });
    expect(cell(report, 'Resilient', 'timeout')).toMatchObject({ outcome: 'handled', injected: 'States.Timeout' });
  });

  test('unhandled: the injected error or a raw States.* error escaping, and a failure that skipped the failure handling', () => {
    expect(cell(report, 'Fragile', 'throttling')).toMatchObject({
      outcome: 'unhandled', error: 'Organizations.TooManyRequestsException', reason: 'raw Organizations.TooManyRequestsException reached the caller',
    });
    expect(cell(report, 'Fragile', 'timeout')).toMatchObject({ outcome: 'unhandled', error: 'States.Timeout' });
  });

  test('a failure handler reached only under a fault is swept from that fault run', () => {
    // Record Failure's Catch ends in the named error, and isHandled sees the handler ran.
    expect(cell(report, 'Record Failure', 'throttling')).toMatchObject({
      outcome: 'handled', error: 'Statecraft.WorkFailed', scenario: 'standard + Resilient/throttling', injected: 'DynamoDB.ProvisionedThroughputExceededException',
    });
  });

  test('hang: a persistent fault in a catch-and-retry-forever loop hits the transition bound', () => {
    expect(cell(report, 'Poller', 'throttling')).toMatchObject({ outcome: 'unhandled', error: 'Statecraft.SimulationLimitExceeded' });
    expect(cell(report, 'Poller', 'throttling').reason).toMatch(/^hang: Stopped after 300 state transitions/);
  });

  test('states reached only by the second scenario are swept under it; a state no scenario reaches is reported unreached', () => {
    expect(cell(report, 'Express Lane', 'throttling')).toMatchObject({ scenario: 'express', injected: 'SNS.ThrottledException', outcome: 'unhandled' });
    expect(report.unreachedStates).toEqual(['Never Reached']);
    expect(cell(report, 'Never Reached', 'timeout')).toMatchObject({ outcome: 'unreached', reason: 'no scenario (nor any fault run) reaches this state' });
  });

  test('totals, the printed table and the JSON report agree', () => {
    expect(report.totals).toEqual({ cells: 6 * 4, recovered: 2, handled: 7, unhandled: 11, unreached: 4 });
    expect(report.table).toContain('Fault sweep of sweep-demo: 6 task states x 4 faults = 24 cells; recovered 2, handled 7, unhandled 11, unreached 4');
    expect(report.table).toMatch(/\| Resilient +\| handled Statecraft.WorkFailed +\| handled Statecraft.WorkFailed \* +\|/);
    expect(report.table).toContain('* Resilient / serviceError: not retried: InvalidRequestContent means the payload is wrong');
    const written = JSON.parse(readFileSync(join(FAULT_SWEEP_REPORT_DIR, 'sweep-demo.json'), 'utf8')) as FaultSweepReport;
    expect(written.totals).toEqual(report.totals);
  });

  test('the matcher and the helper fail listing every unhandled cell and unreached state', () => {
    expect(() => assertNoUnhandledFaults(report)).toThrow(/unhandled: Fragile \/ throttling \(Organizations.TooManyRequestsException\)/);
    expect(() => expect(report).toHaveNoUnhandledFaults()).toThrow(/unreached: Never Reached \(no scenario or fault run reaches it; add a scenario\)/);
  });

  test('isHandled decides: a named failure that skipped the failure handling is unhandled', async () => {
    const direct = WorkflowDefinition.fromAsl({
      StartAt: 'Call',
      States: {
        'Call': { Type: 'Task', Resource: FUNCTION_ARN, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Give Up' }], End: true },
        'Give Up': { Type: 'Fail', Error: 'Statecraft.GaveUp' },
      },
    }, { name: 'sweep-direct' });
    const sim = new WorkflowSimulator(direct, { mocks, writeCoverageReport: false });

    const strict = await sweepFaults(sim, { input: {}, faults: ['throttling'], isHandled: (result) => result.visited.some((v) => v.name === 'Notify'), print: false });
    const lenient = await sweepFaults(sim, { input: {}, faults: ['throttling'], print: false });

    expect(strict.cells[0]).toMatchObject({ outcome: 'unhandled', error: 'Statecraft.GaveUp', reason: 'failed without running the failure handling (isHandled returned false)' });
    expect(lenient.cells[0]).toMatchObject({ outcome: 'handled', error: 'Statecraft.GaveUp' });
    expect(lenient).toHaveNoUnhandledFaults();
  });
});
