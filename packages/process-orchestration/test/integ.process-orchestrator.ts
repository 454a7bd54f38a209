/**
 * Integration test: deploys a ProcessOrchestrator (job graph, saga, input validation, failure handler) made only of
 * Pass, Wait and Choice states, so it needs no code, then starts two executions and checks their outcome:
 * a valid input SUCCEEDS, an invalid one FAILS with Statecraft.InvalidInput.
 *
 * Offline (`npx projen test`): synthesized and compared with the committed snapshot.
 * In a sandbox account: `npx projen integ:deploy` deploys, runs the assertions and destroys the stack.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { InputField, InputValidation, JobGraph, ProcessOrchestrator, Saga } from '../src';

// No construct creation stacks in the snapshot's metadata: they hold this machine's absolute paths.
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'ProcessOrchestratorInteg');

const pass = (name: string) => new sfn.Pass(stack, name);
const saga = new Saga(stack, 'Settle', {
  steps: [
    { name: 'Reserve Funds', action: pass('Reserve'), compensation: pass('Release Funds') },
    { name: 'Post Ledger', action: new sfn.Wait(stack, 'Ledger Latency', { time: sfn.WaitTime.duration(Duration.seconds(2)) }) },
  ],
});
const orchestrator = new ProcessOrchestrator(stack, 'Orchestrator', {
  processName: 'integ-settlement',
  inputValidation: InputValidation.of([
    InputField.string('accountId', { required: true, pattern: 'acct-*' }),
    InputField.number('amount', { required: true, minimum: 1 }),
  ]),
  jobGraph: new JobGraph([
    { name: 'fetch-rates', work: pass('Fetch Rates') },
    { name: 'fetch-balance', work: pass('Fetch Balance') },
    { name: 'settle', work: saga, dependsOn: ['fetch-rates', 'fetch-balance'] },
  ]),
  failureHandler: pass('Record Failure'),
  timeout: Duration.minutes(10),
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'ProcessOrchestratorTest', {
  testCases: [stack],
  diffAssets: true,
});

const executionOf = (id: string, input: object) => {
  const start = integ.assertions.awsApiCall('StepFunctions', 'startExecution', {
    stateMachineArn: orchestrator.stateMachine.stateMachineArn,
    name: `integ-${id}`,
    input: JSON.stringify(input),
  });
  return integ.assertions.awsApiCall('StepFunctions', 'describeExecution', {
    executionArn: start.getAttString('executionArn'),
  });
};

executionOf('valid', { accountId: 'acct-42', amount: 100 })
  .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });

executionOf('invalid', { accountId: 'savings-42', amount: 100 })
  .expect(ExpectedResult.objectLike({ status: 'FAILED', error: 'Statecraft.InvalidInput' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });
