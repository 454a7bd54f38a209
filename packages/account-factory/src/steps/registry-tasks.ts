import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { StepContext, executionArnPath, retryTransient, sdkCall } from './step-context';

/** DynamoDB attribute updates: attribute name -> a DynamoDB AttributeValue object (static or with `.$` paths). */
export type AttributeUpdates = { [attribute: string]: { [type: string]: any } };

/** Reads the tenant's registry item (strongly consistent) into `resultPath`; `Item` is absent for a new tenant. */
export function loadTenant(ctx: StepContext, id: string, resultPath: string): tasks.CallAwsService {
  return sdkCall(ctx.scope, id, {
    service: 'dynamodb',
    action: 'getItem',
    iamResources: [ctx.table.tableArn],
    parameters: {
      TableName: ctx.table.tableName,
      Key: { tenantId: { 'S.$': '$.tenantId' } },
      ConsistentRead: true,
    },
    resultPath,
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
  /** `ReturnValues` of the UpdateItem (for `resultSelector`). */
  readonly returnValues?: 'ALL_NEW' | 'UPDATED_NEW';
  readonly resultSelector?: { [key: string]: any };
  /** @default - the result is discarded */
  readonly resultPath?: string;
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
  const all: AttributeUpdates = {
    ...options.set,
    executionId: { 'S.$': executionArnPath(ctx) },
  };
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
  const parameters: { [key: string]: any } = {
    TableName: ctx.table.tableName,
    Key: { tenantId: { 'S.$': '$.tenantId' } },
    UpdateExpression: expression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
  if (conditions.length > 0) {
    parameters.ConditionExpression = conditions.join(' AND ');
  }
  if (options.returnValues) {
    parameters.ReturnValues = options.returnValues;
  }
  return sdkCall(ctx.scope, id, {
    service: 'dynamodb',
    action: 'updateItem',
    iamResources: [ctx.table.tableArn],
    parameters,
    resultPath: options.resultPath ?? null,
    resultSelector: options.resultSelector,
    comment: options.comment,
  });
}

/** Publishes one lifecycle event to the bus; `detail` fields may use `.$` paths. */
export function publishEvent(
  ctx: StepContext, id: string, detailType: string, detail: { [key: string]: any }, outputPath?: string, aboutTenant = true,
): tasks.EventBridgePutEvents {
  const task = new tasks.EventBridgePutEvents(ctx.scope, id, {
    entries: [{
      eventBus: ctx.eventBus,
      source: ctx.eventSource,
      detailType,
      detail: sfn.TaskInput.fromObject({
        ...(aboutTenant ? { 'tenantId.$': '$.tenantId' } : {}),
        'executionArn.$': executionArnPath(ctx),
        ...detail,
      }),
    }],
    resultPath: sfn.JsonPath.DISCARD,
    outputPath,
  });
  retryTransient(task, 'events');
  return task;
}
