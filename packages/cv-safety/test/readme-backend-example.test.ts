// The README's "Your own labeling backend (JSONata)" code block, verbatim (only the import path points at ../src), and
// a run of a workflow that uses it: keeps the README's backend contract honest.
/* eslint-disable import/no-duplicates, import/order */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ValidationErrors } from '@statecraft/process-orchestration';
import { CvSafetyErrors, LabelingBackend, LabelingBackendBindOptions, LabelingBackendConfig } from '../src';

/** Labels with a model behind a Lambda function (for example to pre-label before a human review). */
export class ModelLabelingBackend extends LabelingBackend {
  constructor(private readonly labeler: lambda.IFunction, private readonly timeout = Duration.minutes(10)) {
    super();
  }

  public validate(errors: ValidationErrors, propPrefix: string): void {
    errors.addIf(this.timeout.toSeconds() > 900, `${propPrefix}.timeout`, 'must be at most 15 minutes (the Lambda limit)');
  }

  public bind(scope: Construct, options: LabelingBackendBindOptions): LabelingBackendConfig {
    const label = tasks.LambdaInvoke.jsonata(scope, 'Label With Model', {
      lambdaFunction: this.labeler,
      payload: sfn.TaskInput.fromObject({
        jobName: '{% $job.name %}',
        manifest: '{% $selection.manifest %}',
        output: { bucket: options.bucket.bucketName, key: `{% ${JSON.stringify(options.outputPrefix)} & $job.name & '/output.manifest' %}` },
      }),
      outputs: { manifest: '{% $states.result.Payload %}' },
      taskTimeout: sfn.Timeout.duration(this.timeout),
    });
    label.addCatch(sfn.Fail.jsonata(scope, 'Model Labeling Failed', {
      error: CvSafetyErrors.LABELING_JOB_FAILED, cause: '{% $states.input.Cause %}',
    }));
    return { step: label, policyStatements: [], backendName: 'model' };
  }
}
// ---- end of the README block ----
import { installMatchers, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import { LabelingJobWorkflow } from '../src';
import { labelingHappyMocks } from './scenarios';

installMatchers();

function workflowWith(timeout?: Duration) {
  const stack = new Stack(new App(), 'Backend', { env: { account: '111111111111', region: 'eu-west-1' } });
  const labeler = lambda.Function.fromFunctionArn(stack, 'Labeler', 'arn:aws:lambda:eu-west-1:111111111111:function:labeler');
  return new LabelingJobWorkflow(stack, 'Labeling', { backend: new ModelLabelingBackend(labeler, timeout) });
}

test('a JSONata backend reads $job and $selection, and its { manifest } output is what the workflow post-processes and finishes with', async () => {
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(workflowWith().stateMachine, { name: 'readme-backend' }), { writeCoverageReport: false });
  const base = labelingHappyMocks('ground-truth');
  let request: any;
  const mocks = {
    ...base,
    states: {
      'Select Items': base.states!['Select Items'],
      'Label With Model': (call: { input: any }) => {
        request = call.input.Payload;
        return { Payload: { bucket: 'labeling-bucket', key: 'labeling/jobs/model/output.manifest' } };
      },
    },
  };
  const result = await sim.with({ mocks }).run({ manifest: { bucket: 'tape-bucket', key: 'manifests/run-7.manifest' } });
  expect(result).toSucceed();
  expect(result).toHaveVisitedInOrder(['Select Items', 'Label With Model', 'Check Labeled Manifest', 'Write Final Manifest']);
  expect(request.jobName).toMatch(/^cv-labeling-[0-9a-f]{32}$/);
  expect(request.manifest).toEqual({ bucket: 'labeling-bucket', key: 'labeling/input/run-1.manifest' });
  expect(request.output.key).toBe(`labeling/jobs/${request.jobName}/output.manifest`);
  expect(result.output).toMatchObject({ status: 'LABELED', jobName: request.jobName });
});

test('the backend\'s own validation reaches the workflow\'s synth-time error, under the backend prop', () => {
  expect(() => workflowWith(Duration.minutes(20))).toThrow(/Backend\/Labeling[\s\S]*backend\.timeout: must be at most 15 minutes/);
});
