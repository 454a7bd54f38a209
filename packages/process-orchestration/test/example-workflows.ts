import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  InputField, InputValidation, JobGraph, ProcessOrchestrator, ProcessOrchestratorProps, RetryPolicy, Saga,
} from '../src';

/** A stack in a fixed environment, so ARNs in definitions are stable. */
export function testStack(id = 'TestStack'): Stack {
  return new Stack(new App(), id, { env: { account: '123456789012', region: 'us-east-1' } });
}

/** A Lambda task with the transient-error retry preset; the function is imported (no code to deploy). */
export function lambdaJob(scope: Construct, name: string, functionName: string): tasks.LambdaInvoke {
  const fn = lambda.Function.fromFunctionArn(scope, `${name} Function`,
    `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`);
  // The transient preset replaces the Lambda task's own default retrier.
  const task = new tasks.LambdaInvoke(scope, name, { lambdaFunction: fn, resultPath: sfn.JsonPath.DISCARD, retryOnServiceExceptions: false });
  RetryPolicy.transientAwsErrors().applyTo(task);
  return task;
}

/** Records a failed run in a DynamoDB table (the failure handler of the nightly batch). */
function markRunFailed(scope: Construct): tasks.DynamoUpdateItem {
  const table = dynamodb.Table.fromTableName(scope, 'Runs', 'batch-runs');
  const task = new tasks.DynamoUpdateItem(scope, 'Mark Run Failed', {
    table,
    key: { runDate: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.runDate')) },
    updateExpression: 'SET #status = :failed, #error = :error',
    expressionAttributeNames: { '#status': 'status', '#error': 'error' },
    expressionAttributeValues: {
      ':failed': tasks.DynamoAttributeValue.fromString('FAILED'),
      ':error': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.failure.Error')),
    },
  });
  RetryPolicy.transientAwsErrors().applyTo(task);
  return task;
}

/** The input fields of the nightly batch. */
export const NIGHTLY_BATCH_INPUT = InputValidation.of([
  InputField.timestamp('runDate', { required: true }),
  InputField.string('region', { required: true, allowedValues: ['eu', 'us'] }),
  InputField.string('source', { pattern: 's3://*' }),
  InputField.number('batchSize', { minimum: 1, maximum: 1000 }),
  InputField.boolean('dryRun'),
]);

/**
 * A nightly batch chain migrated from cron: two extracts in parallel, a reconcile that needs both, and a
 * report after it; a failed run is marked in a table.
 */
export function nightlyBatch(stack: Stack, overrides: Partial<ProcessOrchestratorProps> = {}): ProcessOrchestrator {
  const scope = new Construct(stack, 'NightlyBatchJobs');
  return new ProcessOrchestrator(stack, 'NightlyBatch', {
    processName: 'nightly-batch',
    inputValidation: NIGHTLY_BATCH_INPUT,
    jobGraph: new JobGraph([
      { name: 'report', work: lambdaJob(scope, 'Publish Report', 'publish-report'), dependsOn: ['reconcile'] },
      { name: 'reconcile', work: lambdaJob(scope, 'Reconcile', 'reconcile'), dependsOn: ['extract-orders', 'extract-payments'] },
      { name: 'extract-orders', work: lambdaJob(scope, 'Extract Orders', 'extract-orders') },
      { name: 'extract-payments', work: lambdaJob(scope, 'Extract Payments', 'extract-payments') },
    ]),
    failureHandler: markRunFailed(scope),
    timeout: Duration.hours(2),
    ...overrides,
  });
}

/**
 * Order fulfilment as a saga: reserve stock, charge the payment, ship; each undone in reverse on failure. The
 * saga is its own failure handling, so there is no failure handler.
 */
export function orderSaga(stack: Stack): ProcessOrchestrator {
  const scope = new Construct(stack, 'OrderJobs');
  return new ProcessOrchestrator(stack, 'OrderFulfilment', {
    processName: 'order-fulfilment',
    inputValidation: InputValidation.of([InputField.string('orderId', { required: true, pattern: 'order-*' })]),
    definition: new Saga(scope, 'Fulfil Order', {
      steps: [
        {
          name: 'Reserve Stock',
          action: lambdaJob(scope, 'Reserve', 'reserve-stock'),
          compensation: lambdaJob(scope, 'Release', 'release-stock'),
        },
        {
          name: 'Charge Payment',
          action: lambdaJob(scope, 'Charge', 'charge-payment'),
          compensation: lambdaJob(scope, 'Refund', 'refund-payment'),
        },
        { name: 'Ship Order', action: lambdaJob(scope, 'Ship', 'ship-order') },
      ],
    }),
  });
}
