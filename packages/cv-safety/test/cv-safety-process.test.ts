import { ProcessMonitoring } from '@statecraft/process-orchestration';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LabelingJobWorkflow } from '../src';
import { buildTapePreparation } from './scenarios';

test('both workflows are Statecraft processes: their orchestrator\'s handles, and one dashboard watching both', () => {
  const stack = new Stack(new App(), 'Processes', { env: { account: '111111111111', region: 'eu-west-1' } });
  const tapes = buildTapePreparation(stack); // with a LabelingJobWorkflow (Ground Truth) it starts
  const labeling = stack.node.findChild('TapeLabeling') as LabelingJobWorkflow;
  for (const process of [tapes, labeling]) {
    expect(process.stateMachine).toBe(process.orchestrator.stateMachine);
    expect(process.role).toBe(process.orchestrator.role);
    expect(process.logGroup).toBe(process.orchestrator.logGroup);
    expect(process.notificationTopic).toBe(process.orchestrator.notificationTopic);
    expect(process.alarms).toBe(process.orchestrator.alarms);
  }
  expect([tapes.processName, labeling.processName]).toEqual(['tape-labeling-preparation', 'tape-labeling']);

  const monitoring = new ProcessMonitoring(stack, 'Monitoring');
  monitoring.addProcess(tapes);
  monitoring.addProcess(labeling);
  const body = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  for (const process of [tapes, labeling]) {
    expect(body).toContain(stack.getLogicalId(process.stateMachine.node.defaultChild as sfn.CfnStateMachine));
  }
});
