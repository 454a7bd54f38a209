import { AccountFactory, AccountRetirement, BaselineStackSet } from '@statecraft/account-factory';
import { DatabricksAuth, FiveStagePipeline, MetricComparison, TrafficRouting } from '@statecraft/ml-pipeline';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { TenantOnboarding } from './tenant-onboarding';
import { EXAMPLE_ENV } from '../workflows/example-env';

/** Names shared by the example stacks, the demo scenarios and the tests. */
export const PLATFORM = {
  organizationRootId: 'r-ab12',
  tenantsOu: 'ou-ab12-tenants1',
  suspendedOu: 'ou-ab12-suspended',
  denyAllPolicyId: 'p-denyall01',
  stackSets: ['tenant-network', 'tenant-iam-roles', 'tenant-logging'],
  baselineRegions: ['us-east-1', 'eu-west-1'],
  endpointName: 'tenant-churn-model',
};

/**
 * The SaaS platform of the examples (in us-east-1, Organizations' home Region): account vending and retirement, the
 * five-stage ML pipeline, and tenant onboarding that composes the three.
 */
export class TenantPlatformStack extends Stack {
  public readonly factory: AccountFactory;
  public readonly retirement: AccountRetirement;
  public readonly pipeline: FiveStagePipeline;
  public readonly onboarding: TenantOnboarding;

  constructor(app: App, id: string) {
    super(app, id, { env: EXAMPLE_ENV });
    const baselineStackSets = PLATFORM.stackSets.map((name) => BaselineStackSet.existing(name));
    this.factory = new AccountFactory(this, 'AccountFactory', {
      organizationRootId: PLATFORM.organizationRootId,
      baselineStackSets,
      baselineRegions: PLATFORM.baselineRegions,
      tenantIdPattern: 'tenant-*',
    });
    this.retirement = new AccountRetirement(this, 'AccountRetirement', {
      registry: this.factory.registry,
      suspendedOuId: PLATFORM.suspendedOu,
      denyAllPolicyId: PLATFORM.denyAllPolicyId,
      baselineStackSets,
      baselineRegions: PLATFORM.baselineRegions,
      closureQuota: 10,
    });

    const sageMakerRole = new iam.Role(this, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const endpointErrors = new cloudwatch.Alarm(this, 'EndpointErrors', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SageMaker',
        metricName: 'Invocation5XXErrors',
        dimensionsMap: { EndpointName: PLATFORM.endpointName, VariantName: 'AllTraffic' },
      }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    this.pipeline = new FiveStagePipeline(this, 'ChurnPipeline', {
      pipelineName: 'tenant-churn',
      sageMakerRole,
      rawDataUri: 's3://example-ml-raw/churn/',
      artifactsUri: 's3://example-ml-artifacts/churn',
      databricks: {
        workspaceUrl: 'https://dbc-1234.cloud.databricks.com',
        auth: DatabricksAuth.personalAccessToken(secretsmanager.Secret.fromSecretNameV2(this, 'DatabricksToken', 'example/databricks-token')),
        jobId: 123456,
      },
      scikitLearn: {
        image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
        modelArtifacts: 's3://example-ml-artifacts/churn/featurizer/model.tar.gz',
        entryPoint: 'featurize.py',
        sourceDir: 's3://example-ml-artifacts/churn/featurizer/sourcedir.tar.gz',
      },
      training: {
        image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
        hyperparameters: { objective: 'binary:logistic', num_round: '200', eval_metric: 'auc' },
        qualityGate: { metricName: 'validation:auc', threshold: 0.8, comparison: MetricComparison.GREATER_THAN_OR_EQUAL },
      },
      inferenceImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      endpointName: PLATFORM.endpointName,
      blueGreen: { trafficRouting: TrafficRouting.canary(10), rollbackAlarms: [endpointErrors] },
    });

    this.onboarding = new TenantOnboarding(this, 'TenantOnboarding', {
      factory: this.factory,
      retirement: this.retirement,
      pipeline: this.pipeline,
      eventBus: events.EventBus.fromEventBusName(this, 'PlatformBus', 'tenant-platform'),
    });
  }
}
