import { WorkflowDefinition } from '@statecraft/testing';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccountFactory, BulkOnboarding, TenantListFormat } from '../src';
import { accountFactoryProps, buildBulkStack } from './scenarios';

test('the Distributed Map reads the list from S3, runs 20 nested vendings at once, tolerates 10% and writes the report', () => {
  const { bulk } = buildBulkStack();
  const map = WorkflowDefinition.fromStateMachine(bulk.stateMachine).state('Vend Each Tenant').state as any;
  expect(map.MaxConcurrency).toBe(20);
  expect(map.ToleratedFailurePercentage).toBe(10);
  expect(map.ItemReader.Resource).toBe('arn:aws:states:::s3:getObject');
  expect(map.ItemReader.ReaderConfig.InputType).toBe('JSON');
  // JSONata: Parameters is replaced with Arguments (developer guide, "ItemReader (Map)", its JSONata example).
  expect(map.ItemReader.Arguments.Key).toBe('{% $states.input.key %}');
  expect(map.ResultWriter.Resource).toBe('arn:aws:states:::s3:putObject');
  expect(map.ResultWriter.Arguments.Prefix).toBe('bulk-onboarding-reports/');
  expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
  const start = map.ItemProcessor.States['Vend Tenant Account (nested)'].Branches[0].States['Vend Tenant Account'];
  expect(start.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
});

test('a CSV list is read with its header row', () => {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const factory = new AccountFactory(stack, 'Factory', accountFactoryProps({ creationSlots: (buildBulkStack().factory.creationSlots) }));
  const bulk = new BulkOnboarding(stack, 'Bulk', { factory, tenantListBucket: s3.Bucket.fromBucketName(stack, 'B', 'lists'), format: TenantListFormat.CSV });
  const map = WorkflowDefinition.fromStateMachine(bulk.stateMachine).state('Vend Each Tenant').state as any;
  expect(map.ItemReader.ReaderConfig).toEqual({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' });
  Template.fromStack(stack);
});

test('a factory without creation slots, and bad numbers, are refused at synth time naming the props', () => {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const factory = new AccountFactory(stack, 'Factory', accountFactoryProps());
  expect(() => new BulkOnboarding(stack, 'Bulk', {
    factory, tenantListBucket: s3.Bucket.fromBucketName(stack, 'B', 'lists'), maxConcurrentVendings: 0, toleratedFailurePercentage: 150,
  })).toThrow(/Invalid props for S\/Bulk \(3 problems\)[\s\S]*factory: the factory must hold creation slots[\s\S]*maxConcurrentVendings: must be 1 to 10,000[\s\S]*toleratedFailurePercentage: must be 0 to 100/);
});

test('with the ResultWriterV2 feature flag on, the report is written by the V2 writer', () => {
  const app = new App({ context: { '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2': true } });
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const factory = new AccountFactory(stack, 'Factory', accountFactoryProps({ creationSlots: buildBulkStack().factory.creationSlots }));
  const bulk = new BulkOnboarding(stack, 'Bulk', { factory, tenantListBucket: s3.Bucket.fromBucketName(stack, 'B', 'lists') });
  const map = WorkflowDefinition.fromStateMachine(bulk.stateMachine).state('Vend Each Tenant').state as any;
  expect(map.ResultWriter.Arguments.Prefix).toBe('bulk-onboarding-reports/');
});

test('logRetention and removalPolicy reach the bulk run\'s log group and topic key', () => {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const factory = new AccountFactory(stack, 'Factory', accountFactoryProps({ creationSlots: buildBulkStack().factory.creationSlots }));
  new BulkOnboarding(stack, 'Bulk', {
    factory, tenantListBucket: s3.Bucket.fromBucketName(stack, 'B', 'lists'), logRetention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY,
  });
  const template = Template.fromStack(stack);
  const bulkOnly = (type: string) => Object.entries(template.findResources(type)).filter(([id]) => id.startsWith('Bulk')).map(([, r]) => r);
  expect(bulkOnly('AWS::Logs::LogGroup')).toEqual([expect.objectContaining({ DeletionPolicy: 'Delete', Properties: expect.objectContaining({ RetentionInDays: 90 }) })]);
  expect(bulkOnly('AWS::KMS::Key')).toEqual([expect.objectContaining({ DeletionPolicy: 'Delete' })]);
  // The factory's own resources keep the factory's (default) settings.
  for (const [id, factoryGroup] of Object.entries(template.findResources('AWS::Logs::LogGroup')).filter(([logicalId]) => logicalId.startsWith('Factory'))) {
    expect([id, factoryGroup.DeletionPolicy, factoryGroup.Properties.RetentionInDays]).toEqual([id, 'Retain', 365]);
  }
});
