import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { StepContext, jsonata, sdkCall } from './step-context';

/** How a full semaphore is waited for. Without it, a full semaphore fails the task. */
export interface SlotWait {
  readonly interval: Duration;
  readonly maxAttempts: number;
}

/** This execution's name, the holder of the slots it takes. */
const EXECUTION_NAME = '$states.context.Execution.Name';

/**
 * Takes a slot of a semaphore kept in the registry (item `key`, a string set `holders` of execution names):
 * adds this execution if there are fewer than `limit` holders or it already holds one, so taking is
 * idempotent. A full semaphore fails with `DynamoDb.ConditionalCheckFailedException`, retried with jitter
 * when `wait` is given.
 */
export function acquireSlot(ctx: StepContext, id: string, key: string, limit: number, wait?: SlotWait): sfn.TaskStateBase {
  const task = sdkCall(ctx, id, {
    service: 'dynamodb',
    action: 'updateItem',
    iamResources: [ctx.table.tableArn],
    arguments: {
      TableName: ctx.table.tableName,
      Key: { tenantId: { S: key } },
      ExpressionAttributeNames: { '#holders': 'holders' },
      UpdateExpression: 'ADD #holders :me',
      ConditionExpression: 'attribute_not_exists(#holders) OR size(#holders) < :limit OR contains(#holders, :name)',
      ExpressionAttributeValues: {
        ':me': { SS: jsonata(`[${EXECUTION_NAME}]`) },
        ':name': { S: jsonata(EXECUTION_NAME) },
        ':limit': { N: String(limit) },
      },
    },
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

/**
 * Gives the slot back (idempotent: deleting a holder that is not there changes nothing). `holder` is a JSONata
 * expression for the holder's execution name.
 */
export function releaseSlot(ctx: StepContext, id: string, key: string, holder = EXECUTION_NAME, outputs?: any): sfn.TaskStateBase {
  return sdkCall(ctx, id, {
    service: 'dynamodb',
    action: 'updateItem',
    iamResources: [ctx.table.tableArn],
    arguments: {
      TableName: ctx.table.tableName,
      Key: { tenantId: { S: key } },
      ExpressionAttributeNames: { '#holders': 'holders' },
      UpdateExpression: 'DELETE #holders :me',
      ExpressionAttributeValues: { ':me': { SS: jsonata(`[${holder}]`) } },
    },
    outputs,
  });
}
