import { CdkNagSuppressions, InputField, InputValidation, JobGraph, ProcessOrchestrator, RetryPolicy } from '@statecraft/process-orchestration';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { DemoScenario, DemoWorkflow } from '../demo-workflow';
import { EXAMPLE_ENV } from './example-env';

const JOB_QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/nightly-batch';

/**
 * A nightly settlement process migrated from a cron chain of four AWS Batch jobs: the two extracts run in parallel,
 * then reconciliation, then the statements. Each job is retried on transient AWS errors.
 */
export function processOrchestrationExample(app: App): DemoWorkflow[] {
  const stack = new Stack(app, 'StatecraftNightlySettlement', { env: EXAMPLE_ENV });
  const batchJob = (name: string, definition: string) => {
    const job = tasks.BatchSubmitJob.jsonata(stack, name, {
      jobName: name.replace(/ /g, '-'),
      jobQueueArn: JOB_QUEUE,
      jobDefinitionArn: `arn:aws:batch:us-east-1:123456789012:job-definition/${definition}:3`,
      containerOverrides: { environment: { BUSINESS_DATE: '{% $states.input.businessDate %}' } },
    });
    // Only Batch's own error names: the generic preset would list every service's and keep the definition larger.
    RetryPolicy.transientServiceErrors({ errorPrefix: 'Batch' }).applyTo(job);
    return job;
  };

  const orchestrator = new ProcessOrchestrator(stack, 'NightlySettlement', {
    processName: 'nightly-settlement',
    jobGraph: new JobGraph([
      { name: 'Extract Ledger', work: batchJob('Extract Ledger', 'extract-ledger') },
      { name: 'Extract Payments', work: batchJob('Extract Payments', 'extract-payments') },
      { name: 'Reconcile', work: batchJob('Reconcile Accounts', 'reconcile'), dependsOn: ['Extract Ledger', 'Extract Payments'] },
      { name: 'Publish Statements', work: batchJob('Publish Statements', 'statements'), dependsOn: ['Reconcile'] },
    ]),
    inputValidation: InputValidation.of([InputField.string('businessDate', { required: true, pattern: '20*-*-*' })]),
    timeout: Duration.hours(6),
    queryLanguage: sfn.QueryLanguage.JSONATA,
  });

  // CDK's BatchSubmitJob grants SubmitJob on every revision of every job definition; the queue is named.
  CdkNagSuppressions.add(orchestrator.role, [{
    id: 'AwsSolutions-IAM5',
    reason: 'BatchSubmitJob (aws-cdk-lib) grants batch:SubmitJob on job-definition/*; the job queue is named exactly',
    appliesToPatterns: [`Resource::arn:${CdkNagSuppressions.ANY_PARTITION}:batch:us-east-1:123456789012:job-definition/\\*`],
  }], true);

  // What submitJob.sync returns: the job's JobDetail (DescribeJobs), with the members the Batch API Reference requires.
  const succeeded = (minutes: number) => ({
    return: {
      JobName: 'nightly-job',
      JobId: 'a1b2c3d4-0000-4000-8000-000000000001',
      JobQueue: JOB_QUEUE,
      Status: 'SUCCEEDED',
      StartedAt: 1795510800000,
      StoppedAt: 1795510800000 + minutes * 60_000,
      JobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/nightly:3',
    },
    durationSeconds: minutes * 60,
  });
  const happyMocks = {
    states: {
      'Extract Ledger': succeeded(20),
      'Extract Payments': succeeded(12),
      'Reconcile Accounts': succeeded(35),
      'Publish Statements': succeeded(8),
    },
  };
  const scenarios: DemoScenario[] = [
    {
      name: 'happy-path',
      description: 'four batch jobs in three stages, extracts in parallel',
      input: { businessDate: '2026-11-23' },
      mocks: happyMocks,
      expected: { status: 'SUCCEEDED' },
    },
    {
      name: 'throttled-then-recovered',
      description: 'SubmitJob throttled twice, retried with backoff and jitter',
      input: { businessDate: '2026-11-23' },
      mocks: {
        states: {
          ...happyMocks.states,
          'Reconcile Accounts': {
            '0-1': { throw: { error: 'Batch.TooManyRequestsException', cause: 'Rate exceeded' } },
            '2': succeeded(35),
          },
        },
      },
      expected: { status: 'SUCCEEDED' },
    },
    {
      name: 'reconciliation-failed',
      description: 'the reconciliation job fails; the run fails and the failure notification fires',
      input: { businessDate: '2026-11-23' },
      mocks: {
        states: {
          ...happyMocks.states,
          'Reconcile Accounts': { throw: { error: 'States.TaskFailed', cause: '{"Status":"FAILED","StatusReason":"Essential container exited"}' }, durationSeconds: 600 },
        },
      },
      expected: { status: 'FAILED', error: 'States.TaskFailed' },
    },
    {
      name: 'invalid-input',
      description: 'no businessDate: rejected before any job starts',
      input: { date: 'yesterday' },
      mocks: happyMocks,
      expected: { status: 'FAILED', error: 'Statecraft.InvalidInput' },
    },
  ];
  return [{
    name: 'process-orchestrator-example',
    packageName: '@statecraft/process-orchestration',
    stack,
    stateMachine: orchestrator.stateMachine,
    scenarios,
    readme: 'packages/process-orchestration/README.md',
  }];
}
