import { RetryPolicy } from '@statecraft/process-orchestration';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** Props for {@link findNewCameras}. */
export interface FindNewCamerasProps {
  readonly table: dynamodb.ITable;
  readonly statusIndexName: string;
  readonly maxCameras: number;
}

/**
 * Queries the registry's status index for cameras with status NEW (at most `maxCameras`; the rest wait for the
 * next run), sets `$cameraCount`, and hands the registry items to `prepareEach`; ends on `Nothing To Prepare` when
 * there are none.
 */
export function findNewCameras(scope: Construct, props: FindNewCamerasProps, prepareEach: sfn.Chain): sfn.Chain {
  const query = tasks.CallAwsService.jsonata(scope, 'Find New Cameras', {
    service: 'dynamodb',
    action: 'query',
    iamAction: 'dynamodb:Query',
    iamResources: [`${props.table.tableArn}/index/${props.statusIndexName}`],
    parameters: {
      TableName: props.table.tableName,
      IndexName: props.statusIndexName,
      KeyConditionExpression: '#status = :new',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':new': { S: 'NEW' } },
      Limit: props.maxCameras,
    },
    assign: { cameraCount: '{% $states.result.Count %}' },
    outputs: '{% $states.result.Items %}',
  });
  RetryPolicy.transientServiceErrors({ errorPrefix: 'DynamoDb' }).applyTo(query);
  const any = sfn.Choice.jsonata(scope, 'Any New Cameras?')
    .when(sfn.Condition.jsonata('{% $cameraCount > 0 %}'), prepareEach)
    .otherwise(sfn.Pass.jsonata(scope, 'Nothing To Prepare', { outputs: { status: 'NOTHING_TO_PREPARE', prepared: 0, lowCoverage: 0, failed: 0 } }));
  query.next(any);
  return sfn.Chain.custom(query, prepareEach.endStates, any);
}
