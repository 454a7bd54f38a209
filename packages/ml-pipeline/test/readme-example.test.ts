// Synthesizes the README's "## Example" code block (test/support/readme-churn-stack.ts, verbatim).
import { awsSolutionsFindings } from '@statecraft/testing';
import { App, Aspects } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChurnStack } from './support/readme-churn-stack';

test('the README DSL example compiles to one pipeline (and its Databricks run canceller) with 0 unsuppressed cdk-nag findings', () => {
  const stack = new ChurnStack(new App(), 'Churn');
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const template = Template.fromStack(stack);

  // "What it builds": the pipeline, and a second state machine cancelling Databricks runs after ABORTED or TIMED_OUT.
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
  expect(stack.pipeline.databricksRunCanceller).toBeDefined();
  template.resourceCountIs('AWS::Events::Connection', 1); // one per DatabricksAuth
  const definition = JSON.stringify(template.toJSON().Resources[stack.getLogicalId(stack.pipeline.stateMachine.node.defaultChild as any)]);
  for (const state of ['Prepare Run', 'Preprocess: Start Run', 'Featurize: Run Transform Job', 'Train: Train Model', 'Publish', 'Score: Run Transform Job', 'Deploy: Create Endpoint', 'Pipeline Succeeded']) {
    expect(definition).toContain(`\\"${state}\\"`);
  }
  expect(definition).toContain('SageMaker.ResourceLimitExceededException');
  // grantStartExecution(scheduler): the scheduler's role may start the pipeline.
  template.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: stack.getLogicalId(stack.node.findChild('Scheduler').node.defaultChild as any) }],
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'states:StartExecution' })]) },
  });

  const findings = awsSolutionsFindings(stack);
  expect(findings).toEqual([]);
});
