import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { FramePredictor, LabelingJobWorkflow, SqsCallbackBackend, TapeLabelingPreparation } from '../src';

/** Both workflows under one customer-managed key: everything they create is encrypted with it, and cdk-nag stays clean. */
function build() {
  const stack = new Stack(new App(), 'Kms', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const frames = new s3.Bucket(stack, 'Frames', { enforceSSL: true, encryption: s3.BucketEncryption.KMS, encryptionKey: key });
  const queue = new sqs.Queue(stack, 'Requests', { enforceSSL: true, encryptionMasterKey: key, deadLetterQueue: { queue: new sqs.Queue(stack, 'Dlq', { enforceSSL: true, encryptionMasterKey: key }), maxReceiveCount: 3 } });
  const labeling = new LabelingJobWorkflow(stack, 'Labeling', { backend: new SqsCallbackBackend({ queue }), encryptionKey: key });
  const prep = new TapeLabelingPreparation(stack, 'Tapes', {
    frameBucket: frames,
    predictor: FramePredictor.sagemakerEndpoint('detector'),
    labelingWorkflow: labeling,
    encryptionKey: key,
  });
  NagSuppressions.addResourceSuppressions(frames, [{ id: 'AwsSolutions-S1', reason: 'Test fixture standing in for the user\'s bucket' }]);
  return { stack, key, labeling, prep };
}

test('with encryptionKey, the created buckets, table, log groups and state machines use the key', () => {
  const { stack, key, labeling, prep } = build();
  const template = Template.fromStack(stack);
  const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
  const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
  expect(buckets).toHaveLength(3);
  for (const bucket of buckets as any[]) {
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn });
  }
  template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn } });
  const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
  expect(logGroups.length).toBeGreaterThanOrEqual(4);
  // The schedule starter's log group included.
  expect(logGroups.some((group) => /Schedule/.test(JSON.stringify(group.Properties.LogGroupName)))).toBe(true);
  for (const group of logGroups) expect(group.Properties.KmsKeyId).toEqual(keyArn);
  const machines = template.findResources('AWS::StepFunctions::StateMachine') as Record<string, any>;
  for (const machine of [labeling.stateMachine, prep.stateMachine]) {
    const id = stack.getLogicalId(machine.node.defaultChild as any);
    expect(machines[id].Properties.EncryptionConfiguration).toMatchObject({ Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: keyArn });
  }
});

test('with encryptionKey, cdk-nag AwsSolutions finds nothing unsuppressed', () => {
  const { stack } = build();
  Aspects.of(stack).add(new AwsSolutionsChecks());
  const annotations = Annotations.fromStack(stack);
  const findings = [...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')), ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))];
  expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 120)}`)).toEqual([]);
});
