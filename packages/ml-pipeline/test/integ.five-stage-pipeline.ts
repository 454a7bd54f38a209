/**
 * Integration test of the five-stage pipeline in a sandbox account (`npx projen integ:deploy`).
 *
 * It needs no Databricks workspace and starts no SageMaker job, so it costs cents: the first execution must fail with
 * Statecraft.InvalidInput before any side effect, and the second reaches the Databricks stage, whose HTTP Task
 * cannot reach the placeholder workspace, and must end with Statecraft.ProcessFailed after the failure event. The
 * Databricks run canceller is then started by hand for that execution and must succeed with nothing to cancel.
 * To run the whole pipeline for real, point `workspaceUrl`, the token secret and `jobId` at your workspace and expect
 * SUCCEEDED instead (see README, "Running the integration test for real").
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DatabricksAuth, FiveStagePipeline } from '../src';

// No construct creation stacks in the snapshot's metadata: they hold this machine's absolute paths.
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'MlPipelineFiveStageInteg');
const bucket = new s3.Bucket(stack, 'Artifacts', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});
const sageMakerRole = new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
bucket.grantReadWrite(sageMakerRole);
const token = new secretsmanager.Secret(stack, 'DatabricksToken', {
  description: 'Placeholder Databricks token for the ml-pipeline integration test',
  generateSecretString: { excludePunctuation: true, passwordLength: 32 },
  removalPolicy: RemovalPolicy.DESTROY,
});

const pipeline = new FiveStagePipeline(stack, 'Pipeline', {
  pipelineName: 'ml-pipeline-integ',
  sageMakerRole,
  rawDataUri: bucket.s3UrlForObject('raw'),
  artifactsUri: bucket.s3UrlForObject('runs'),
  databricks: { workspaceUrl: 'https://dbc-statecraft-integ.cloud.databricks.com', auth: DatabricksAuth.personalAccessToken(token), jobId: 1 },
  scikitLearn: {
    image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
    modelArtifacts: bucket.s3UrlForObject('featurizer/model.tar.gz'),
    entryPoint: 'featurize.py',
    sourceDir: bucket.s3UrlForObject('featurizer/sourcedir.tar.gz'),
  },
  training: { image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', qualityGate: { metricName: 'validation:auc', threshold: 0.8 } },
  inferenceImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
  endpointName: 'statecraft-integ-churn',
  timeout: Duration.hours(8),
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'MlPipelineFiveStage', { testCases: [stack], regions: ['us-east-1'] });

const invalid = integ.assertions.awsApiCall('StepFunctions', 'startExecution', {
  stateMachineArn: pipeline.stateMachine.stateMachineArn,
  input: JSON.stringify({ parameters: { trainingInstanceCount: 'two' } }),
});
integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn: invalid.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'FAILED', error: 'Statecraft.InvalidInput' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(2), interval: Duration.seconds(10) });

const unreachableWorkspace = integ.assertions.awsApiCall('StepFunctions', 'startExecution', {
  stateMachineArn: pipeline.stateMachine.stateMachineArn,
  input: JSON.stringify({ parameters: {} }),
});
const unreachableFailed = integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn: unreachableWorkspace.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'FAILED', error: 'Statecraft.ProcessFailed' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(15) });

// The Databricks run canceller, started by hand (as an operator may) for that failed execution, reads its real history:
// its IAM (GetExecutionHistory with the execution data), the SDK's field names and its JSONPath filters must work in
// AWS. The run-now request failed, so there is no run to cancel, and the canceller must succeed.
const failedExecutionArn = unreachableWorkspace.getAttString('executionArn');
const cancelRuns = integ.assertions.awsApiCall('StepFunctions', 'startExecution', {
  stateMachineArn: pipeline.databricksRunCanceller!.stateMachine.stateMachineArn,
  input: JSON.stringify({
    'source': 'aws.states',
    'detail-type': 'Step Functions Execution Status Change',
    'detail': {
      executionArn: failedExecutionArn,
      stateMachineArn: pipeline.stateMachine.stateMachineArn,
      name: Fn.select(7, Fn.split(':', failedExecutionArn)),
      status: 'FAILED',
      redriveCount: 0,
      input: JSON.stringify({ parameters: {} }),
      inputDetails: { included: true },
      error: 'Statecraft.ProcessFailed',
      cause: null,
    },
  }),
});
unreachableFailed.next(cancelRuns);
integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn: cancelRuns.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(15) });

app.synth();
