import { RetryPolicy, StatecraftErrors } from '@statecraft/process-orchestration';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyErrors } from '../../errors';
import { LabelingItemSource, LabelingItemSourceKind } from '../../labeling-item-source';

const GIVEN = '$states.input.manifest';
/** A given manifest must be `{ bucket, key }` with two non-empty strings. */
const GIVEN_MANIFEST_VALID = `$type(${GIVEN}.bucket) = 'string' and $type(${GIVEN}.key) = 'string' and ${GIVEN}.bucket != '' and ${GIVEN}.key != ''`;

/**
 * The first state: a half-given manifest, or none without a configured source, fails with `Statecraft.InvalidInput`
 * here, before any side effect; every other input goes on to `next`.
 */
export function checkManifestInput(scope: Construct, itemSource: LabelingItemSource | undefined, next: sfn.IChainable): sfn.Choice {
  const invalid = (id: string, cause: string) => sfn.Fail.jsonata(scope, id, { error: StatecraftErrors.INVALID_INPUT, cause });
  const choice = sfn.Choice.jsonata(scope, 'Manifest Given?');
  if (!itemSource) {
    choice.when(sfn.Condition.jsonata(`{% $not($exists(${GIVEN})) %}`), invalid('Missing manifest',
      "Input field 'manifest' is required: this workflow has no itemSource, so each execution must name a manifest { bucket, key }"));
  }
  choice.when(sfn.Condition.jsonata(`{% $exists(${GIVEN}) and $not(${GIVEN_MANIFEST_VALID}) %}`), invalid('Invalid manifest',
    "Input field 'manifest' is invalid: expected { bucket, key } with two non-empty strings"));
  return choice.otherwise(next);
}

/** Props for {@link selectItems}. */
export interface SelectItemsProps {
  readonly selectFunction: lambda.IFunction;
  readonly itemSource?: LabelingItemSource;
  readonly bucket: s3.IBucket;
  readonly outputPrefix: string;
  readonly jobNamePrefix: string;
}

/**
 * Runs the selection function on the given manifest, else the configured source, and sets the variables `$job`
 * (`{ name, finalManifest }`: `<prefix>-<MD5 of the execution id>`, unique per execution, at most 63 characters and
 * the same on a retry or redrive) and `$selection` (`{ manifest, itemCount, watermark }`). Ends on `Nothing To Label`
 * when `itemCount` is 0, and goes on to `labelAndFinish` otherwise.
 */
export function selectItems(scope: Construct, props: SelectItemsProps, labelAndFinish: sfn.Chain): sfn.Chain {
  const hash = '$hash($states.context.Execution.Id, \'MD5\')';
  const select = tasks.LambdaInvoke.jsonata(scope, 'Select Items', {
    lambdaFunction: props.selectFunction,
    payload: sfn.TaskInput.fromText(`{% $exists(${GIVEN}) ? { 'action': 'selectItems', 'manifest': ${GIVEN} } : ${configuredRequest(props)} %}`),
    assign: {
      job: {
        name: `{% '${props.jobNamePrefix}-' & ${hash} %}`,
        finalManifest: { bucket: props.bucket.bucketName, key: `{% ${JSON.stringify(`${props.outputPrefix}final/${props.jobNamePrefix}-`)} & ${hash} & '.manifest' %}` },
      },
      selection: '{% $states.result.Payload %}',
    },
    retryOnServiceExceptions: false,
  });
  RetryPolicy.transientAwsErrors().applyTo(select);
  select.addCatch(sfn.Fail.jsonata(scope, 'Item Selection Failed', { error: CvSafetyErrors.ITEM_SELECTION_FAILED, cause: '{% $states.input.Cause %}' }), {
    errors: [sfn.Errors.ALL],
  });
  const nothingToLabel = sfn.Pass.jsonata(scope, 'Nothing To Label', {
    outputs: { status: 'NOTHING_TO_LABEL', itemCount: 0, manifest: '{% $selection.manifest %}' },
  });
  const anything = sfn.Choice.jsonata(scope, 'Anything To Label?')
    .when(sfn.Condition.jsonata('{% $selection.itemCount > 0 %}'), labelAndFinish)
    .otherwise(nothingToLabel);
  select.next(anything);
  return sfn.Chain.custom(select, labelAndFinish.endStates, anything);
}

/** The selection function's request for the configured source, as a JSONata object constructor. */
function configuredRequest(props: SelectItemsProps): string {
  const source = props.itemSource;
  if (!source) return 'null'; // never taken: `Manifest Given?` lets no input without a manifest through
  if (source.kind === LabelingItemSourceKind.MANIFEST) {
    return JSON.stringify({ action: 'selectItems', allowMissing: true, manifest: { bucket: source.bucket.bucketName, key: source.key } });
  }
  const watermark = JSON.stringify({ bucket: props.bucket.bucketName, key: `${props.outputPrefix}state/watermark` });
  const output = `{ 'bucket': ${JSON.stringify(props.bucket.bucketName)}, 'key': ${JSON.stringify(`${props.outputPrefix}input/`)} & $states.context.Execution.Name & '.manifest' }`;
  return `{ 'action': 'selectItems', 'newObjects': { 'bucket': ${JSON.stringify(source.bucket.bucketName)}, 'prefix': ${JSON.stringify(source.prefix)}, 'watermark': ${watermark}, 'output': ${output} } }`;
}
