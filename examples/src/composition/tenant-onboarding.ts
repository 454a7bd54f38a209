import { AccountFactory, AccountRetirement } from '@statecraft/account-factory';
import { MlPipeline, MlPipelineErrors } from '@statecraft/ml-pipeline';
import {
  CdkNagSuppressions, InputField, InputValidation, JobGraph, JobGraphStages, NestedProcessExecution, ProcessOrchestrator, RetryPolicy, Saga,
} from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** The error tenant onboarding ends with after it compensated (the cause names the step that failed). */
export const ONBOARDING_FAILED = 'TenantOnboarding.Failed';

export interface TenantOnboardingProps {
  /** Vends the tenant's account (a nested execution). */
  readonly factory: AccountFactory;
  /** Retires the account again when onboarding fails after it was vended (the saga's compensation). */
  readonly retirement: AccountRetirement;
  /** The tenant's first model (a nested execution inside the job graph). */
  readonly pipeline: MlPipeline;
  /** Where `TenantReady` is announced. */
  readonly eventBus: events.IEventBus;
}

/**
 * Tenant onboarding composed from three Statecraft workflows: a saga whose first step vends the tenant's account
 * (AccountFactory, nested `.sync:2`) and whose second step runs the tenant's job graph (the first ML model through
 * MlPipeline, nested, in parallel with the dashboards, then the announcement). If anything fails after the account
 * exists, the saga retires it (AccountRetirement, nested) and ends with `TenantOnboarding.Failed`.
 *
 * A quality-gate failure of the first model is caught by name (`Statecraft.QualityGateFailed`) and is not fatal:
 * the tenant starts on the shared baseline model.
 */
export class TenantOnboarding extends Construct {
  public readonly orchestrator: ProcessOrchestrator;

  constructor(scope: Construct, id: string, props: TenantOnboardingProps) {
    super(scope, id);

    // Every state of the onboarding is JSONata: the nested executions start with JSONata tasks, so their wrappers,
    // the job graph's stages and the saga's steps are JSONata too.
    const vendAccount = nested(this, 'Vend Tenant Account', props.factory.stateMachine, {
      tenantId: '{% $states.input.tenantId %}',
      accountName: '{% $states.input.accountName %}',
      email: '{% $states.input.email %}',
      organizationalUnitId: '{% $states.input.organizationalUnitId %}',
      parameters: '{% $states.input.parameters %}',
    }, '{% $merge([$states.input, {"vended": {"output": $states.result.Output}}]) %}');
    const retireAccount = nested(this, 'Retire Tenant Account', props.retirement.stateMachine,
      { tenantId: '{% $states.input.tenantId %}', reason: 'tenant onboarding failed' });
    const firstModel = nested(this, 'Train First Model', props.pipeline.stateMachine,
      { parameters: { rawDataUri: '{% $states.input.parameters.rawDataUri %}' } },
      '{% $merge([$states.input, {"firstModel": {"pipeline": $states.result.Output}}]) %}');
    // Caught by name: the tenant's own data is not good enough yet, so it starts on the shared baseline model.
    const useBaseline = sfn.Pass.jsonata(this, 'Use Baseline Model', { outputs: '{% $merge([$states.input, {"firstModel": {"baseline": true}}]) %}' });
    firstModel.parallel.addCatch(useBaseline, {
      errors: [MlPipelineErrors.QUALITY_GATE_FAILED],
      outputs: '{% $merge([$states.input, {"qualityGate": $states.errorOutput}]) %}',
    });

    const event = (stateName: string, detailType: string) => tasks.EventBridgePutEvents.jsonata(this, stateName, {
      entries: [{
        eventBus: props.eventBus,
        source: 'example.tenant-onboarding',
        detailType,
        detail: sfn.TaskInput.fromObject({ tenantId: '{% $states.input.tenantId %}' }),
      }],
      outputs: '{% $states.input %}',
    });
    const dashboards = event('Request Tenant Dashboards', 'DashboardsRequested');
    const announce = event('Announce Tenant Ready', 'TenantReady');
    RetryPolicy.transientAwsErrors().applyTo(dashboards, announce);

    const tenantJobs = new JobGraphStages(this, 'Tenant Jobs', {
      graph: new JobGraph([
        { name: 'First Model', work: firstModel },
        { name: 'Dashboards', work: dashboards },
        { name: 'Announcement', work: announce, dependsOn: ['First Model', 'Dashboards'] },
      ]),
    });

    const onboarding = new Saga(this, 'Onboarding', {
      steps: [
        { name: 'Vend Account', action: vendAccount, compensation: retireAccount, resultPath: '$.account' },
        { name: 'Run Tenant Jobs', action: tenantJobs },
      ],
      errorName: ONBOARDING_FAILED,
    });

    this.orchestrator = new ProcessOrchestrator(this, 'Orchestrator', {
      processName: 'tenant-onboarding',
      definition: onboarding,
      inputValidation: InputValidation.of([
        InputField.string('tenantId', { required: true, pattern: 'tenant-*' }),
        InputField.string('accountName', { required: true }),
        InputField.string('email', { required: true, pattern: '*@*.*' }),
        InputField.string('organizationalUnitId', { required: true, pattern: 'ou-*-*' }),
        InputField.string('parameters.rawDataUri', { required: true, pattern: 's3://*' }),
      ]),
      // Vending takes minutes and the first model hours; a day bounds a stuck onboarding.
      timeout: Duration.hours(24),
    });
    // StartExecution.sync:2 must describe and stop the child executions it starts, whose names are not known in advance.
    CdkNagSuppressions.add(this.orchestrator.role, [{
      id: 'AwsSolutions-IAM5',
      reason: 'startExecution.sync:2 needs states:DescribeExecution and StopExecution on the executions of the three named child state machines (execution names are generated at run time)',
      appliesToPatterns: [`Resource::arn:${CdkNagSuppressions.ANY_PARTITION}:states:us-east-1:123456789012:execution:.*\\*`],
    }], true);
  }
}

/**
 * A nested execution of `stateMachine` from a JSONata task (`startExecution.sync:2`, linked to the parent execution),
 * wrapped so the child's named errors are re-raised by name. `outputs` shapes the task's output (default: the child's
 * DescribeExecution result).
 */
function nested(
  scope: Construct, id: string, stateMachine: sfn.IStateMachine, input: Record<string, unknown>, outputs?: string,
): NestedProcessExecution {
  const startTask = tasks.StepFunctionsStartExecution.jsonata(scope, id, {
    stateMachine,
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    input: sfn.TaskInput.fromObject(input),
    associateWithParent: true,
    outputs,
  });
  return new NestedProcessExecution(scope, `${id} Nested`, { startTask });
}
