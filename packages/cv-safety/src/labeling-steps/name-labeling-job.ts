import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * `$.job`: the job name `<prefix>-<MD5 of the execution id>` (unique per execution, at most 63 characters,
 * and the same on a retry or redrive) and where its final manifest goes.
 */
export function nameLabelingJob(scope: Construct, prefix: string, bucket: s3.IBucket, outputPrefix: string): sfn.Pass {
  const hash = "States.Hash($$.Execution.Id, 'MD5')";
  return new sfn.Pass(scope, 'Name Labeling Job', {
    parameters: {
      'name.$': `States.Format('${prefix}-{}', ${hash})`,
      'finalManifest': {
        'bucket': bucket.bucketName,
        'key.$': `States.Format('${outputPrefix}final/${prefix}-{}.manifest', ${hash})`,
      },
    },
    resultPath: '$.job',
  });
}
