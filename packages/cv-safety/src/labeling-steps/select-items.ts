import { RetryPolicy, StatecraftErrors } from '@statecraft/process-orchestration';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyErrors } from '../cv-safety-errors';
import { LabelingItemSource, LabelingItemSourceKind } from '../labeling-item-source';

/** Props for {@link ChooseItemSource}. */
export interface ChooseItemSourceProps {
  readonly itemSource?: LabelingItemSource;
  readonly bucket: s3.IBucket;
  readonly outputPrefix: string;
}

/**
 * Builds `$.request` for the selection function: the execution input's `manifest` when given, else the
 * configured source. A half-given manifest, or none without a configured source, fails with
 * `Statecraft.InvalidInput` here, before any side effect.
 */
export class ChooseItemSource extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: ChooseItemSourceProps) {
    super(scope, id);
    const badManifest = new sfn.Fail(this, 'Invalid manifest', {
      error: StatecraftErrors.INVALID_INPUT,
      cause: "Input field 'manifest' is invalid: expected { bucket, key } with two non-empty strings",
    });
    const useGiven = new sfn.Pass(this, 'Use Given Manifest', {
      parameters: { 'action': 'selectItems', 'manifest.$': '$.manifest' },
      resultPath: '$.request',
    });
    const configured = configuredSource(this, props);
    // Each rule is reached only when the earlier ones did not match, so a type check never sees a missing field.
    this.startState = new sfn.Choice(this, 'Manifest Given?')
      .when(sfn.Condition.isNotPresent('$.manifest'), configured)
      .when(sfn.Condition.isNotPresent('$.manifest.bucket'), badManifest)
      .when(sfn.Condition.isNotPresent('$.manifest.key'), badManifest)
      .when(sfn.Condition.not(sfn.Condition.isString('$.manifest.bucket')), badManifest)
      .when(sfn.Condition.not(sfn.Condition.isString('$.manifest.key')), badManifest)
      .when(sfn.Condition.or(sfn.Condition.stringEquals('$.manifest.bucket', ''), sfn.Condition.stringEquals('$.manifest.key', '')), badManifest)
      .otherwise(useGiven);
    this.endStates = configured instanceof sfn.Pass ? [useGiven, configured] : [useGiven];
  }
}

/** Props for {@link SelectItems}. */
export interface SelectItemsProps {
  readonly selectFunction: lambda.IFunction;
}

/**
 * Runs the selection function on `$.request`. Leaves `$.selection` = `{ manifest, itemCount, watermark }` and ends on the nothing-to-label branch when
 * `itemCount` is 0; continues after `Items Selected` otherwise.
 */
export class SelectItems extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: SelectItemsProps) {
    super(scope, id);
    const select = new tasks.LambdaInvoke(this, 'Select Items', {
      lambdaFunction: props.selectFunction,
      payload: sfn.TaskInput.fromJsonPathAt('$.request'),
      resultSelector: {
        'manifest.$': '$.Payload.manifest',
        'itemCount.$': '$.Payload.itemCount',
        'watermark.$': '$.Payload.watermark',
      },
      resultPath: '$.selection',
      retryOnServiceExceptions: false,
    });
    RetryPolicy.transientAwsErrors().applyTo(select);
    select.addCatch(new sfn.Fail(this, 'Item Selection Failed', { error: CvSafetyErrors.ITEM_SELECTION_FAILED, causePath: '$.error.Cause' }), {
      errors: [sfn.Errors.ALL], resultPath: '$.error',
    });

    const nothingToLabel = new sfn.Pass(this, 'Nothing To Label', {
      parameters: { 'status': 'NOTHING_TO_LABEL', 'itemCount': 0, 'manifest.$': '$.selection.manifest' },
    });
    const selected = new sfn.Pass(this, 'Items Selected');
    select.next(new sfn.Choice(this, 'Anything To Label?')
      .when(sfn.Condition.numberGreaterThan('$.selection.itemCount', 0), selected)
      .otherwise(nothingToLabel));
    this.startState = select;
    this.endStates = [selected];
  }
}

function configuredSource(scope: Construct, props: ChooseItemSourceProps): sfn.State {
  const source = props.itemSource;
  if (!source) {
    return new sfn.Fail(scope, 'Missing manifest', {
      error: StatecraftErrors.INVALID_INPUT,
      cause: "Input field 'manifest' is required: this workflow has no itemSource, so each execution must name a manifest { bucket, key }",
    });
  }
  const request = source.kind === LabelingItemSourceKind.MANIFEST
    ? { action: 'selectItems', allowMissing: true, manifest: { bucket: source.bucket.bucketName, key: source.key } }
    : {
      action: 'selectItems',
      newObjects: {
        bucket: source.bucket.bucketName,
        prefix: source.prefix,
        watermark: { bucket: props.bucket.bucketName, key: `${props.outputPrefix}state/watermark` },
        output: { 'bucket': props.bucket.bucketName, 'key.$': `States.Format('${props.outputPrefix}input/{}.manifest', $$.Execution.Name)` },
      },
    };
  return new sfn.Pass(scope, 'Use Configured Source', { parameters: request, resultPath: '$.request' });
}
