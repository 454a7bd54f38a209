import { RetryPolicy } from '@statecraft/process-orchestration';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** Props for {@link FindNewCameras}. */
export interface FindNewCamerasProps {
  readonly table: dynamodb.ITable;
  readonly statusIndexName: string;
  readonly maxCameras: number;
}

/**
 * Queries the registry's status index for cameras with status NEW (at most `maxCameras`; the rest wait for the
 * next run) into `$.cameras` = `{ items, count }`, and ends on `Nothing To Prepare` when there are none.
 */
export class FindNewCameras extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: FindNewCamerasProps) {
    super(scope, id);
    const query = new tasks.CallAwsService(this, 'Find New Cameras', {
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
      resultSelector: { 'items.$': '$.Items', 'count.$': '$.Count' },
      resultPath: '$.cameras',
    });
    RetryPolicy.transientAwsErrors().applyTo(query);
    const found = new sfn.Pass(this, 'Cameras Found');
    query.next(new sfn.Choice(this, 'Any New Cameras?')
      .when(sfn.Condition.numberGreaterThan('$.cameras.count', 0), found)
      .otherwise(new sfn.Pass(this, 'Nothing To Prepare', { parameters: { status: 'NOTHING_TO_PREPARE', prepared: 0, lowCoverage: 0, failed: 0 } })));
    this.startState = query;
    this.endStates = [found];
  }
}
