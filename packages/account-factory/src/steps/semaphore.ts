import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { StepContext, sdkCall } from './step-context';

/** How a full semaphore is waited for. Without it, a full semaphore fails the task. */
export interface SlotWait {
  readonly interval: Duration;
  readonly maxAttempts: number;
}

/**
 * Takes a slot of a semaphore kept in the registry (item `key`, a string set `holders` of execution names):
 * adds this execution if there are fewer than `limit` holders or it already holds one, so taking is
 * idempotent. A full semaphore fails with `DynamoDb.ConditionalCheckFailedException`, retried with jitter
 * when `wait` is given.
 */
export function acquireSlot(ctx: StepContext, id: string, key: string, limit: number, wait?: SlotWait): sfn.TaskStateBase {
  const task = sdkCall(ctx.scope, id, {
    service: 'dynamodb',
    action: 'updateItem',
    iamResources: [ctx.table.tableArn],
    parameters: {
      TableName: ctx.table.tableName,
      Key: { tenantId: { S: key } },
      ExpressionAttributeNames: { '#holders': 'holders' },
      UpdateExpression: 'ADD #holders :me',
      ConditionExpression: 'attribute_not_exists(#holders) OR size(#holders) < :limit OR contains(#holders, :name)',
      ExpressionAttributeValues: {
        ':me': { 'SS.$': 'States.Array($$.Execution.Name)' },
        ':name': { 'S.$': '$$.Execution.Name' },
        ':limit': { N: String(limit) },
      },
    },
    resultPath: null,
    comment: `At most ${limit} holders of ${key}`,
  });
  if (wait) {
    // ConditionalCheckFailed is not in the transient retrier's list, so the order of retriers does not matter.
    task.addRetry({
      errors: ['DynamoDb.ConditionalCheckFailedException'],
      interval: wait.interval,
      backoffRate: 1.5,
      maxDelay: Duration.seconds(wait.interval.toSeconds() * 2),
      maxAttempts: wait.maxAttempts,
      jitterStrategy: sfn.JitterType.FULL,
    });
  }
  return task;
}

/** Gives the slot back (idempotent: deleting a holder that is not there changes nothing). */
export function releaseSlot(ctx: StepContext, id: string, key: string, holderPath = '$$.Execution.Name'): sfn.TaskStateBase {
  return sdkCall(ctx.scope, id, {
    service: 'dynamodb',
    action: 'updateItem',
    iamResources: [ctx.table.tableArn],
    parameters: {
      TableName: ctx.table.tableName,
      Key: { tenantId: { S: key } },
      ExpressionAttributeNames: { '#holders': 'holders' },
      UpdateExpression: 'DELETE #holders :me',
      ExpressionAttributeValues: { ':me': { 'SS.$': `States.Array(${holderPath})` } },
    },
    resultPath: null,
  });
}
