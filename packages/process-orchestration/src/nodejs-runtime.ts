import * as lambda from 'aws-cdk-lib/aws-lambda';

/** The Node.js Lambda runtime Statecraft functions run on. */
export class NodejsRuntime {
  /**
   * The newest `Runtime.NODEJS_<n>_X` the aws-cdk-lib installed in the app knows (at least `NODEJS_24_X`, which the
   * peer minimum 2.224.0 has). Picked at synth time, so a newer aws-cdk-lib never raises cdk-nag's AwsSolutions-L1
   * ("the non-container Lambda function is not configured to use the latest runtime version").
   */
  public static newest(): lambda.Runtime {
    const versions = Object.getOwnPropertyNames(lambda.Runtime)
      .map((name) => /^NODEJS_(\d+)_X$/.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ major: Number(match[1]), runtime: (lambda.Runtime as any)[match[0]] as lambda.Runtime }))
      .sort((a, b) => b.major - a.major);
    return versions[0].runtime;
  }

  private constructor() {}
}
