import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** Properties of a direct SageMaker service integration. */
export interface SageMakerTaskProps extends sfn.TaskStateJsonataBaseProps {
  /** The API action, camel case (`createTrainingJob`). */
  readonly action: string;
  /** `.sync`: wait for the job to finish (Step Functions polls it through a managed EventBridge rule). */
  readonly waitForCompletion: boolean;
  /** The request (`Arguments`), with JSONata expressions (`{% ... %}`) where values come from variables. */
  readonly request: { [key: string]: any };
  /** The IAM statements the call needs; added to the state machine's role. */
  readonly policyStatements: iam.PolicyStatement[];
}

/**
 * A SageMaker optimized integration with the full request shape, as a JSONata state. CDK's SageMaker tasks lack
 * managed spot training, checkpointing and several request fields, so the request is rendered as given.
 */
export class SageMakerTask extends sfn.TaskStateBase {
  protected readonly taskMetrics?: sfn.TaskMetricsConfig;
  protected readonly taskPolicies?: iam.PolicyStatement[];

  constructor(scope: Construct, id: string, private readonly props: SageMakerTaskProps) {
    super(scope, id, { ...props, queryLanguage: sfn.QueryLanguage.JSONATA });
    this.taskPolicies = props.policyStatements;
  }

  /** @internal */
  protected _renderTask(): any {
    const suffix = this.props.waitForCompletion ? '.sync' : '';
    return {
      Resource: `arn:${Aws.PARTITION}:states:::sagemaker:${this.props.action}${suffix}`,
      Arguments: this.props.request,
    };
  }
}
