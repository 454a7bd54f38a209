import { Duration, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { BlueGreenDeployment } from '../blue-green-deployment';
import { MlPipelineErrors } from '../errors';
import { PipelineStage, StageContext, StageStates } from '../pipeline-stage';
import { addTagsStatement, jobStatement, passRoleToSageMaker, sageMakerArn } from '../private/iam-statements';
import { validateInstanceType } from '../private/instance-type';
import { validateJobNamePrefix } from '../private/job-name-prefix';
import { defaultJobNamePrefix, perExecutionName } from '../private/job-names';
import { PollLoop } from '../private/poll-loop';
import { retryServerErrorsOnRead, retryThrottlingAndLimits } from '../private/retry';
import { SageMakerTask } from '../private/sagemaker-task';
import { StageFailure, failWithCause } from '../private/stage-failure';
import { validateStageName } from '../private/stage-name';
import { EXECUTION_NAME_PATH, stageFieldPath, stageOutputPath, stageWorkPath } from '../private/state-paths';
import { ProblemList } from '../private/validation';

/** SageMaker endpoint names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`. */
const ENDPOINT_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** SageMaker accepts at most 10 rollback alarms. */
const MAX_ROLLBACK_ALARMS = 10;

/** Props of an endpoint deployment stage. */
export interface EndpointDeploymentStageProps {
  /** The endpoint's name: created on the first run, updated in place on later runs. */
  readonly endpointName: string;

  /** The inference image URI (ECR); may be a JSONPath reference. */
  readonly inferenceImage: string;

  /** The S3 URI of the model's `model.tar.gz`, usually a `TrainingStage`'s `modelArtifacts`. */
  readonly modelArtifacts: string;

  /**
   * The instance type of the production variant; may be a JSONPath reference.
   * @default 'ml.m5.large'
   */
  readonly instanceType?: string;

  /**
   * The number of instances; may be a JSONPath reference.
   * @default 1
   */
  readonly instanceCount?: number;

  /**
   * Environment variables for the inference container.
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * Update an existing endpoint blue/green, rolled back by CloudWatch alarms.
   * @default - SageMaker's default update (a new fleet, then the switch) without alarm rollback
   */
  readonly blueGreen?: BlueGreenDeployment;

  /**
   * The first wait before checking the endpoint's status; each later wait doubles, up to `maxPollInterval`.
   * @default Duration.seconds(60)
   */
  readonly firstPollInterval?: Duration;

  /**
   * The longest wait between two status checks.
   * @default Duration.minutes(5)
   */
  readonly maxPollInterval?: Duration;

  /**
   * How long the endpoint may take to reach InService before the stage fails with
   * `Statecraft.EndpointDeploymentTimedOut`.
   * @default Duration.hours(2)
   */
  readonly maxWait?: Duration;

  /**
   * The prefix of the model and endpoint configuration names (lower-case, at most 21 characters).
   * @default - the stage name in lower case
   */
  readonly resourceNamePrefix?: string;
}

/**
 * Deploys a model to a real-time endpoint: creates the model and an endpoint configuration, creates the endpoint or
 * updates it when it already exists (blue/green with alarm rollback if configured), and waits until it is InService,
 * with backoff. CDK's SageMaker tasks have no DeploymentConfig and no DescribeEndpoint, so those calls use the AWS
 * SDK integration.
 *
 * Output (`$.stages.<stageName>`): `{ endpointName, endpointConfigName, modelName, action }` where action is
 * `created` or `updated`.
 */
export class EndpointDeploymentStage extends PipelineStage {
  private readonly props: EndpointDeploymentStageProps;

  constructor(stageName: string, props: EndpointDeploymentStageProps) {
    super(stageName);
    this.props = props;
  }

  /** The endpoint's name (a JSONPath reference). */
  public get endpointName(): string {
    return sfn.JsonPath.stringAt(stageFieldPath(this.stageName, 'endpointName'));
  }

  /** The endpoint configuration this run created (a JSONPath reference). */
  public get endpointConfigName(): string {
    return sfn.JsonPath.stringAt(stageFieldPath(this.stageName, 'endpointConfigName'));
  }

  /** The prefix of this stage's model and endpoint configuration names. */
  public get resourceNamePrefix(): string {
    return this.props.resourceNamePrefix ?? defaultJobNamePrefix(this.stageName);
  }

  private get prefix(): string {
    return this.resourceNamePrefix;
  }

  private get firstPollInterval(): Duration {
    return this.props.firstPollInterval ?? Duration.seconds(60);
  }

  private get maxPollInterval(): Duration {
    return this.props.maxPollInterval ?? Duration.minutes(5);
  }

  private get maxWait(): Duration {
    return this.props.maxWait ?? Duration.hours(2);
  }

  public validate(): string[] {
    const problems = new ProblemList();
    problems.addAll(validateStageName(this.stageName));
    problems.addAll(validateJobNamePrefix(this.props.resourceNamePrefix, 'resourceNamePrefix'));
    problems.addAll(validateInstanceType(this.props.instanceType));
    const endpointName = this.props.endpointName;
    problems.check(!Token.isUnresolved(endpointName) && ENDPOINT_NAME_PATTERN.test(endpointName), 'endpointName',
      `'${endpointName}' must be a literal name of 1 to 63 letters, digits and hyphens (the state machine's IAM policy names the endpoint)`);
    problems.check(Token.isUnresolved(this.props.modelArtifacts) || this.props.modelArtifacts.startsWith('s3://'), 'modelArtifacts',
      `must be an s3:// URI or a JSONPath reference (got '${this.props.modelArtifacts}')`);
    const first = this.firstPollInterval.toSeconds();
    problems.check(first >= 1, 'firstPollInterval', `must be at least 1 second (got ${first})`);
    problems.check(this.maxPollInterval.toSeconds() >= first, 'maxPollInterval', `must be at least firstPollInterval (${first} s)`);
    problems.check(this.maxWait.toSeconds() > first, 'maxWait', `must be longer than firstPollInterval (${first} s)`);
    const blueGreen = this.props.blueGreen;
    if (blueGreen) {
      const alarms = blueGreen.rollbackAlarms.length;
      problems.check(alarms >= 1 && alarms <= MAX_ROLLBACK_ALARMS, 'blueGreen.rollbackAlarms',
        `must list 1 to ${MAX_ROLLBACK_ALARMS} alarms (got ${alarms}); without an alarm nothing can roll the update back`);
      const percent = blueGreen.trafficRouting?.percent;
      if (percent !== undefined) {
        problems.check(percent >= 1 && percent <= 99, 'blueGreen.trafficRouting', `percent must be 1 to 99 (got ${percent})`);
      }
    }
    return problems.all;
  }

  /** @internal */
  public _compile(scope: Construct, context: StageContext): StageStates {
    const name = this.stageName;
    const endpointName = this.props.endpointName;
    const failure = new StageFailure(scope, name);
    const resourceName = perExecutionName(this.prefix);
    const namePath = stageWorkPath(name, 'resourceName');
    const modelArn = sageMakerArn(scope, 'model', this.prefix);
    const configArn = sageMakerArn(scope, 'endpoint-config', this.prefix);
    const endpointArn = sageMakerArn(scope, 'endpoint', endpointName).replace(/\*$/, '');
    const tags = [{ Key: 'statecraft:execution', Value: sfn.JsonPath.stringAt(EXECUTION_NAME_PATH) }];
    const poll = new PollLoop(scope, name, { firstWait: this.firstPollInterval, maxWait: this.maxPollInterval, deadline: this.maxWait });

    const nameResources = new sfn.Pass(scope, `${name}: Name Resources`, {
      parameters: { resourceName, poll: poll.initialState },
      resultPath: stageWorkPath(name),
    });

    const createModel = new SageMakerTask(scope, `${name}: Create Model`, {
      action: 'createModel',
      waitForCompletion: false,
      request: {
        ModelName: sfn.JsonPath.stringAt(namePath),
        ExecutionRoleArn: context.sageMakerRole.roleArn,
        PrimaryContainer: {
          Image: this.props.inferenceImage,
          ModelDataUrl: this.props.modelArtifacts,
          ...(this.props.environment ? { Environment: this.props.environment } : {}),
        },
        Tags: tags,
      },
      policyStatements: [
        jobStatement(['sagemaker:CreateModel'], modelArn),
        passRoleToSageMaker(context.sageMakerRole),
        addTagsStatement([modelArn, configArn, endpointArn]),
      ],
      resultPath: sfn.JsonPath.DISCARD,
    });

    const createConfig = new SageMakerTask(scope, `${name}: Create Endpoint Config`, {
      action: 'createEndpointConfig',
      waitForCompletion: false,
      request: {
        EndpointConfigName: sfn.JsonPath.stringAt(namePath),
        ProductionVariants: [{
          VariantName: 'AllTraffic',
          ModelName: sfn.JsonPath.stringAt(namePath),
          InstanceType: this.props.instanceType ?? 'ml.m5.large',
          InitialInstanceCount: this.props.instanceCount ?? 1,
          InitialVariantWeight: 1,
        }],
        Tags: tags,
      },
      policyStatements: [jobStatement(['sagemaker:CreateEndpointConfig'], configArn)],
      resultPath: sfn.JsonPath.DISCARD,
    });

    const describe = (id: string, resultPath: string) => new tasks.CallAwsService(scope, `${name}: ${id}`, {
      service: 'sagemaker',
      action: 'describeEndpoint',
      parameters: { EndpointName: endpointName },
      iamResources: [endpointArn],
      iamAction: 'sagemaker:DescribeEndpoint',
      resultSelector: {
        status: sfn.JsonPath.stringAt('$.EndpointStatus'),
        endpointConfigName: sfn.JsonPath.stringAt('$.EndpointConfigName'),
      },
      resultPath,
    });

    const findEndpoint = describe('Find Endpoint', stageWorkPath(name, 'existing'));

    const createEndpoint = new SageMakerTask(scope, `${name}: Create Endpoint`, {
      action: 'createEndpoint',
      waitForCompletion: false,
      request: { EndpointName: endpointName, EndpointConfigName: sfn.JsonPath.stringAt(namePath), Tags: tags },
      policyStatements: [new iam.PolicyStatement({ actions: ['sagemaker:CreateEndpoint'], resources: [endpointArn, configArn] })],
      resultSelector: { action: 'created' },
      resultPath: stageWorkPath(name, 'deployment'),
    });

    const blueGreen = this.props.blueGreen;
    const updateEndpoint = new tasks.CallAwsService(scope, `${name}: Update Endpoint`, {
      service: 'sagemaker',
      action: 'updateEndpoint',
      parameters: {
        EndpointName: endpointName,
        EndpointConfigName: sfn.JsonPath.stringAt(namePath),
        ...(blueGreen ? {
          DeploymentConfig: {
            BlueGreenUpdatePolicy: {
              TrafficRoutingConfiguration: blueGreen.trafficRouting?._render() ?? { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 300 },
              TerminationWaitInSeconds: (blueGreen.terminationWait ?? Duration.minutes(5)).toSeconds(),
            },
            AutoRollbackConfiguration: { Alarms: blueGreen.rollbackAlarms.map((alarm) => ({ AlarmName: alarm.alarmName })) },
          },
        } : {}),
      },
      iamResources: [endpointArn, configArn],
      iamAction: 'sagemaker:UpdateEndpoint',
      resultSelector: { action: 'updated' },
      resultPath: stageWorkPath(name, 'deployment'),
    });

    const checkStatus = describe('Check Endpoint Status', stageWorkPath(name, 'endpoint'));
    for (const task of [createModel, createConfig, findEndpoint, createEndpoint, updateEndpoint, checkStatus]) {
      retryThrottlingAndLimits(task);
    }
    retryServerErrorsOnRead(findEndpoint);
    retryServerErrorsOnRead(checkStatus);
    for (const task of [createModel, createConfig, createEndpoint, updateEndpoint, checkStatus]) {
      failure.catchAll(task);
    }

    // DescribeEndpoint has no modelled "not found" error: SageMaker answers ValidationException "Could not find
    // endpoint", so the cause decides whether to create the endpoint or fail the stage.
    const endpointMissing = new sfn.Choice(scope, `${name}: Endpoint Missing?`)
      .when(sfn.Condition.stringMatches(`${failure.caughtErrorPath}.Cause`, '*Could not find endpoint*'), createEndpoint)
      .otherwise(failure.entry);
    findEndpoint.addCatch(endpointMissing, { errors: [sfn.Errors.ALL], resultPath: failure.caughtErrorPath });

    const recordOutput = new sfn.Pass(scope, `${name}: Record Output`, {
      parameters: {
        endpointName,
        endpointConfigName: sfn.JsonPath.stringAt(namePath),
        modelName: sfn.JsonPath.stringAt(namePath),
        action: sfn.JsonPath.stringAt(stageWorkPath(name, 'deployment.action')),
      },
      resultPath: stageOutputPath(name),
    });
    const status = stageWorkPath(name, 'endpoint.status');
    const deploymentFailed = failWithCause(scope, name, 'Deployment Failed', MlPipelineErrors.ENDPOINT_DEPLOYMENT_FAILED,
      `Endpoint ${endpointName} went to {} while deploying configuration {}`,
      sfn.JsonPath.stringAt(status), sfn.JsonPath.stringAt(namePath));
    const rolledBack = failWithCause(scope, name, 'Deployment Rolled Back', MlPipelineErrors.ENDPOINT_DEPLOYMENT_ROLLED_BACK,
      `Endpoint ${endpointName} is InService with configuration {} instead of {}: a rollback alarm fired and the update was rolled back`,
      sfn.JsonPath.stringAt(stageWorkPath(name, 'endpoint.endpointConfigName')), sfn.JsonPath.stringAt(namePath));
    const timedOut = failWithCause(scope, name, 'Deployment Timed Out', MlPipelineErrors.ENDPOINT_DEPLOYMENT_TIMED_OUT,
      `Endpoint ${endpointName} was still {} after ${this.maxWait.toSeconds()} seconds`, sfn.JsonPath.stringAt(status));

    const servingNewConfig = new sfn.Choice(scope, `${name}: Serving New Config?`)
      .when(sfn.Condition.stringEqualsJsonPath(stageWorkPath(name, 'endpoint.endpointConfigName'), namePath), recordOutput)
      .otherwise(rolledBack);
    const endpointReady = new sfn.Choice(scope, `${name}: Endpoint Ready?`)
      .when(sfn.Condition.stringEquals(status, 'InService'), servingNewConfig)
      .when(sfn.Condition.or(
        sfn.Condition.stringEquals(status, 'Failed'),
        sfn.Condition.stringEquals(status, 'UpdateRollbackFailed'),
        sfn.Condition.stringEquals(status, 'OutOfService'),
      ), deploymentFailed)
      .when(poll.deadlinePassed(), timedOut)
      .otherwise(poll.backOff);

    nameResources.next(createModel).next(createConfig).next(findEndpoint).next(updateEndpoint);
    createEndpoint.next(poll.wait);
    updateEndpoint.next(poll.wait);
    poll.wait.next(checkStatus).next(endpointReady);
    return { start: nameResources, end: recordOutput };
  }
}

