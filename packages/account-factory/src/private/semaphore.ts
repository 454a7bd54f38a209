import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { registryUpdate } from './registry-tasks';
import { StepContext, jsonata } from './step-context';

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
  const task = registryUpdate(ctx, id, {
    ...holders(key, 'ADD', EXECUTION_NAME),
    ConditionExpression: 'attribute_not_exists(#holders) OR size(#holders) < :limit OR contains(#holders, :name)',
    ExpressionAttributeValues: {
      ':me': { SS: jsonata(`[${EXECUTION_NAME}]`) },
      ':name': { S: jsonata(EXECUTION_NAME) },
      ':limit': { N: String(limit) },
    },
  }, { comment: `At most ${limit} holders of ${key}` });
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
  return registryUpdate(ctx, id, holders(key, 'DELETE', holder), { outputs });
}

/** The UpdateItem arguments that add (`ADD`) or remove (`DELETE`) one holder of the semaphore `key`. */
function holders(key: string, action: 'ADD' | 'DELETE', holder: string) {
  return {
    Key: { tenantId: { S: key } },
    ExpressionAttributeNames: { '#holders': 'holders' },
    UpdateExpression: `${action} #holders :me`,
    ExpressionAttributeValues: { ':me': { SS: jsonata(`[${holder}]`) } },
  };
}
