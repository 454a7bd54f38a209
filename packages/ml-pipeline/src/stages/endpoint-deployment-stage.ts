import { PollSchedule, PollUntilDone, ValidationErrors } from '@statecraft/process-orchestration';
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
import { isRuntimeValue, jsonata } from '../private/jsonata';
import { EXECUTION_NAME, stageField, stageVariable, workVariable } from '../private/pipeline-variables';
import { SAGEMAKER_CALLS, SAGEMAKER_READS } from '../private/retry-policies';
import { SageMakerTask } from '../private/sagemaker-task';
import { StageFailure, failWithCause } from '../private/stage-failure';
import { validateStageName } from '../private/stage-name';

/** SageMaker endpoint names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`. */
const ENDPOINT_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** SageMaker accepts at most 10 rollback alarms. */
const MAX_ROLLBACK_ALARMS = 10;

/** Props of an endpoint deployment stage. */
export interface EndpointDeploymentStageProps {
  /** The endpoint's name: created on the first run, updated in place on later runs. */
  readonly endpointName: string;

  /** The inference image URI (ECR); may be a JSONata expression. */
  readonly inferenceImage: string;

  /** The S3 URI of the model's `model.tar.gz`, usually a `TrainingStage`'s `modelArtifacts`. */
  readonly modelArtifacts: string;

  /**
   * The instance type of the production variant; may be a JSONata expression.
   * @default 'ml.m5.large'
   */
  readonly instanceType?: string;

  /**
   * The number of instances; may be a JSONata expression.
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
 * Output (`$stage<stageName>`): `{ endpointName, endpointConfigName, modelName, action }` where action is
 * `created` or `updated`.
 */
export class EndpointDeploymentStage extends PipelineStage {
  private readonly props: EndpointDeploymentStageProps;

  constructor(stageName: string, props: EndpointDeploymentStageProps) {
    super(stageName);
    this.props = props;
  }

  /** The endpoint's name (a JSONata expression). */
  public get endpointName(): string {
    return jsonata(stageField(this.stageName, 'endpointName'));
  }

  /** The endpoint configuration this run created (a JSONata expression). */
  public get endpointConfigName(): string {
    return jsonata(stageField(this.stageName, 'endpointConfigName'));
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

  public validate(errors: ValidationErrors, propPrefix: string): void {
    const prop = (name: string) => `${propPrefix}.${name}`;
    validateStageName(errors, propPrefix, this.stageName);
    validateJobNamePrefix(errors, prop('resourceNamePrefix'), this.props.resourceNamePrefix);
    validateInstanceType(errors, prop('instanceType'), this.props.instanceType);
    const endpointName = this.props.endpointName;
    errors.addIf(Token.isUnresolved(endpointName) || !ENDPOINT_NAME_PATTERN.test(endpointName), prop('endpointName'),
      `'${endpointName}' must be a literal name of 1 to 63 letters, digits and hyphens (the state machine's IAM policy names the endpoint)`);
    errors.addIf(!isRuntimeValue(this.props.modelArtifacts) && !this.props.modelArtifacts.startsWith('s3://'), prop('modelArtifacts'),
      `must be an s3:// URI or a JSONata expression (got '${this.props.modelArtifacts}')`);
    const first = this.firstPollInterval.toSeconds();
    errors.addIf(first < 1, prop('firstPollInterval'), `must be at least 1 second (got ${first})`);
    errors.addIf(this.maxPollInterval.toSeconds() < first, prop('maxPollInterval'), `must be at least firstPollInterval (${first} s)`);
    errors.addIf(this.maxWait.toSeconds() <= first, prop('maxWait'), `must be longer than firstPollInterval (${first} s)`);
    const blueGreen = this.props.blueGreen;
    if (blueGreen) {
      const alarms = blueGreen.rollbackAlarms.length;
      errors.addIf(alarms < 1 || alarms > MAX_ROLLBACK_ALARMS, prop('blueGreen.rollbackAlarms'),
        `must list 1 to ${MAX_ROLLBACK_ALARMS} alarms (got ${alarms}); without an alarm nothing can roll the update back`);
      const percent = blueGreen.trafficRouting?.percent;
      errors.addIf(percent !== undefined && (percent < 1 || percent > 99), prop('blueGreen.trafficRouting'), `percent must be 1 to 99 (got ${percent})`);
    }
  }

  /** @internal */
  public _compile(scope: Construct, context: StageContext): StageStates {
    const name = this.stageName;
    const endpointName = this.props.endpointName;
    const failure = new StageFailure(scope, name);
    const resourceNameVariable = workVariable('resourceName', name);
    const resourceName = jsonata(`$${resourceNameVariable}`);
    const endpoint = `$${workVariable('endpoint', name)}`;
    const action = workVariable('action', name);
    const modelArn = sageMakerArn(scope, 'model', this.prefix);
    const configArn = sageMakerArn(scope, 'endpoint-config', this.prefix);
    const endpointArn = sageMakerArn(scope, 'endpoint', endpointName).replace(/\*$/, '');
    const tags = [{ Key: 'statecraft:execution', Value: jsonata(EXECUTION_NAME) }];

    const describe = (id: string, assign?: { [key: string]: any }) => tasks.CallAwsService.jsonata(scope, `${name}: ${id}`, {
      service: 'sagemaker',
      action: 'describeEndpoint',
      parameters: { EndpointName: endpointName },
      iamResources: [endpointArn],
      iamAction: 'sagemaker:DescribeEndpoint',
      assign,
    });

    // DescribeEndpoint's EndpointConfigName is optional in SageMaker's API model: one object expression leaves a missing
    // member out instead of failing the Assign (a JSONata field that returns nothing is States.QueryEvaluationError).
    const checkStatus = describe('Check Endpoint Status', {
      [workVariable('endpoint', name)]: jsonata("{ 'status': $states.result.EndpointStatus, 'endpointConfigName': $states.result.EndpointConfigName }"),
    });
    const recordOutput = sfn.Pass.jsonata(scope, `${name}: Record Output`, {
      assign: {
        [stageVariable(name)]: { endpointName, endpointConfigName: resourceName, modelName: resourceName, action: jsonata(`$${action}`) },
      },
    });
    const status = `${endpoint}.status`;
    const deploymentFailed = failWithCause(scope, name, 'Deployment Failed', MlPipelineErrors.ENDPOINT_DEPLOYMENT_FAILED,
      `'Endpoint ${endpointName} went to ' & ${status} & ' while deploying configuration ' & $${resourceNameVariable}`);
    const rolledBack = failWithCause(scope, name, 'Deployment Rolled Back', MlPipelineErrors.ENDPOINT_DEPLOYMENT_ROLLED_BACK,
      `'Endpoint ${endpointName} is InService with configuration ' & ${endpoint}.endpointConfigName & ' instead of ' & $${resourceNameVariable} & ': a rollback alarm fired and the update was rolled back'`);
    const timedOut = failWithCause(scope, name, 'Deployment Timed Out', MlPipelineErrors.ENDPOINT_DEPLOYMENT_TIMED_OUT,
      `'Endpoint ${endpointName} was still ' & ${status} & ' after ${this.maxWait.toSeconds()} seconds'`);

    const poll = new PollUntilDone(scope, `${name}Poll`, {
      schedule: PollSchedule.exponential({ firstWait: this.firstPollInterval, maxWait: this.maxPollInterval, deadline: this.maxWait }),
      check: checkStatus,
      outcomes: [
        { condition: jsonata(`${status} = 'InService' and ${endpoint}.endpointConfigName = $${resourceNameVariable}`), next: recordOutput },
        { condition: jsonata(`${status} = 'InService'`), next: rolledBack },
        { condition: jsonata(`${status} in ['Failed', 'UpdateRollbackFailed', 'OutOfService']`), next: deploymentFailed },
      ],
      timeoutError: MlPipelineErrors.ENDPOINT_DEPLOYMENT_TIMED_OUT,
      onTimeout: timedOut,
      variableName: workVariable('poll', name),
      waitStateName: `${name}: Wait`,
      decideStateName: `${name}: Endpoint Ready?`,
    });

    // The model and endpoint configuration share one name per execution; the later states read it from a variable.
    const perExecution = perExecutionName(this.prefix);
    const createModel = new SageMakerTask(scope, `${name}: Create Model`, {
      action: 'createModel',
      waitForCompletion: false,
      request: {
        ModelName: perExecution,
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
      // The poll's progress starts here: both ways to the poll (create, update) come after this state.
      assign: { [resourceNameVariable]: perExecution, ...poll.startAssign },
    });

    const createConfig = new SageMakerTask(scope, `${name}: Create Endpoint Config`, {
      action: 'createEndpointConfig',
      waitForCompletion: false,
      request: {
        EndpointConfigName: resourceName,
        ProductionVariants: [{
          VariantName: 'AllTraffic',
          ModelName: resourceName,
          InstanceType: this.props.instanceType ?? 'ml.m5.large',
          InitialInstanceCount: this.props.instanceCount ?? 1,
          InitialVariantWeight: 1,
        }],
        Tags: tags,
      },
      policyStatements: [jobStatement(['sagemaker:CreateEndpointConfig'], configArn)],
    });

    const findEndpoint = describe('Find Endpoint');

    const createEndpoint = new SageMakerTask(scope, `${name}: Create Endpoint`, {
      action: 'createEndpoint',
      waitForCompletion: false,
      request: { EndpointName: endpointName, EndpointConfigName: resourceName, Tags: tags },
      policyStatements: [new iam.PolicyStatement({ actions: ['sagemaker:CreateEndpoint'], resources: [endpointArn, configArn] })],
      assign: { [action]: 'created' },
    });

    const blueGreen = this.props.blueGreen;
    const updateEndpoint = tasks.CallAwsService.jsonata(scope, `${name}: Update Endpoint`, {
      service: 'sagemaker',
      action: 'updateEndpoint',
      parameters: {
        EndpointName: endpointName,
        EndpointConfigName: resourceName,
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
      assign: { [action]: 'updated' },
    });

    for (const task of [createModel, createConfig, createEndpoint, updateEndpoint]) {
      SAGEMAKER_CALLS.applyTo(task);
    }
    SAGEMAKER_READS.applyTo(findEndpoint);
    SAGEMAKER_READS.applyTo(checkStatus);
    for (const task of [createModel, createConfig, createEndpoint, updateEndpoint, checkStatus]) {
      failure.catchAll(task);
    }

    // DescribeEndpoint has no modelled "not found" error: SageMaker answers ValidationException "Could not find
    // endpoint", so the cause decides whether to create the endpoint or fail the stage.
    const endpointMissing = sfn.Choice.jsonata(scope, `${name}: Endpoint Missing?`)
      .when(sfn.Condition.jsonata(jsonata(`$contains($${failure.errorVariable}.Cause, 'Could not find endpoint')`)), createEndpoint)
      .otherwise(failure.entry);
    findEndpoint.addCatch(endpointMissing, { errors: [sfn.Errors.ALL], assign: failure.catchAssign });

    createModel.next(createConfig).next(findEndpoint).next(updateEndpoint);
    createEndpoint.next(poll);
    updateEndpoint.next(poll);
    return { start: createModel, end: recordOutput };
  }
}
