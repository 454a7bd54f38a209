import { FailureEvent, RetryPolicy } from '@statecraft/process-orchestration';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { StepContext, executionArnOf, jsonata, outputOf, retryTransient, sdkCall, tenantIdOf } from './step-context';

/** DynamoDB attribute updates: attribute name -> a DynamoDB AttributeValue object (strings may be `{% %}` expressions). */
export type AttributeUpdates = { [attribute: string]: { [type: string]: any } };

/** The registry key of the tenant the steps act for. */
function tenantKey(ctx: StepContext) {
  return { tenantId: { S: jsonata(tenantIdOf(ctx)) } };
}

/**
 * Reads the tenant's registry item (strongly consistent) into the variable `registry`: `{}` for a tenant the
 * registry does not know (a JSONata expression that gives nothing would fail the state).
 */
export function loadTenant(ctx: StepContext, id: string, assign: { [name: string]: any } = {}): tasks.CallAwsService {
  return sdkCall(ctx, id, {
    service: 'dynamodb',
    action: 'getItem',
    iamResources: [ctx.table.tableArn],
    arguments: { TableName: ctx.table.tableName, Key: tenantKey(ctx), ConsistentRead: true },
    assign: { registry: jsonata('$exists($states.result.Item) ? $states.result.Item : {}'), ...assign },
  });
}

export interface UpdateTenantOptions {
  readonly set: AttributeUpdates;
  readonly remove?: string[];
  /** Extra condition (with `#`/`:` names from `set`) besides "the item exists". */
  readonly condition?: string;
  readonly conditionValues?: AttributeUpdates;
  /** Create the item if it does not exist (the update must then say everything). */
  readonly createIfMissing?: boolean;
  readonly comment?: string;
  /** `ReturnValues` of the UpdateItem (read by `outputs` and `assign` as `$states.result.Attributes`). */
  readonly returnValues?: 'ALL_NEW' | 'UPDATED_NEW';
  /** @default PASS_INPUT when the context keeps input */
  readonly outputs?: any;
  readonly assign?: { [name: string]: any };
}

/**
 * A conditional UpdateItem on the tenant's item: `SET` each attribute, `REMOVE` the listed ones, always
 * stamping the execution that wrote it (`executionId`). Fails with `DynamoDb.ConditionalCheckFailedException`
 * when the condition does not hold.
 */
export function updateTenant(ctx: StepContext, id: string, options: UpdateTenantOptions): tasks.CallAwsService {
  const names: { [key: string]: string } = {};
  const values: AttributeUpdates = { ...(options.conditionValues ?? {}) };
  const assignments: string[] = [];
  const all: AttributeUpdates = { ...options.set, executionId: { S: jsonata(executionArnOf(ctx)) } };
  for (const [attribute, value] of Object.entries(all)) {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    assignments.push(`#${attribute} = :${attribute}`);
  }
  let expression = `SET ${assignments.join(', ')}`;
  if (options.remove && options.remove.length > 0) {
    for (const attribute of options.remove) {
      names[`#${attribute}`] = attribute;
    }
    expression += ` REMOVE ${options.remove.map((attribute) => `#${attribute}`).join(', ')}`;
  }
  const conditions = options.createIfMissing ? [] : ['attribute_exists(tenantId)'];
  if (options.condition) {
    conditions.push(`(${options.condition})`);
    for (const match of options.condition.match(/#[A-Za-z]+/g) ?? []) {
      names[match] = match.slice(1);
    }
  }
  return registryUpdate(ctx, id, {
    Key: tenantKey(ctx),
    UpdateExpression: expression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
    ...(options.returnValues ? { ReturnValues: options.returnValues } : {}),
  }, options);
}

/** One UpdateItem on the registry table (`update`: the call's arguments besides the table name). */
export function registryUpdate(
  ctx: StepContext, id: string, update: { [key: string]: any }, options: { outputs?: any; assign?: { [name: string]: any }; comment?: string } = {},
): tasks.CallAwsService {
  return sdkCall(ctx, id, {
    service: 'dynamodb',
    action: 'updateItem',
    iamResources: [ctx.table.tableArn],
    arguments: { TableName: ctx.table.tableName, ...update },
    ...options,
  });
}

export interface PublishEventOptions {
  /** Detail fields besides `tenantId` and `executionArn`; strings may be `{% %}` expressions. */
  readonly detail: { [key: string]: any };
  /** `null`: the state's output is the PutEvents result. @default PASS_INPUT when the context keeps input */
  readonly outputs?: any;
  /** Put the tenant id in the detail. @default true */
  readonly aboutTenant?: boolean;
  /**
   * A failure event: published by process-orchestration's `FailureEvent` (its input always goes on unchanged).
   * @default false
   */
  readonly failure?: boolean;
}

/** Publishes one lifecycle event to the bus (a JSONata state). */
export function publishEvent(ctx: StepContext, id: string, detailType: string, options: PublishEventOptions): tasks.EventBridgePutEvents {
  const detail = {
    ...(options.aboutTenant === false ? {} : { tenantId: jsonata(tenantIdOf(ctx)) }),
    executionArn: jsonata(executionArnOf(ctx)),
    ...options.detail,
  };
  if (options.failure) {
    const retry = RetryPolicy.transientServiceErrors({ errorPrefix: 'EventBridge', retryTaskTimeouts: true });
    return new FailureEvent(ctx.scope, id, { source: ctx.eventSource, detailType, eventBus: ctx.eventBus, detail, retry, stateName: id }).task;
  }
  const task = tasks.EventBridgePutEvents.jsonata(ctx.scope, id, {
    entries: [{ eventBus: ctx.eventBus, source: ctx.eventSource, detailType, detail: sfn.TaskInput.fromObject(detail) }],
    outputs: outputOf(ctx, options.outputs),
  });
  retryTransient(task, 'events');
  return task;
}
