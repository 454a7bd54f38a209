/**
 * Deterministic stand-ins for what CloudFormation would return for Ref and Fn::GetAtt, derived from the resource type
 * and logical id (or the physical name when the template sets one), so a definition resolves the same way every run.
 */

export const FAKE_ACCOUNT = '123456789012';
export const FAKE_REGION = 'us-east-1';
export const FAKE_PARTITION = 'aws';
export const FAKE_URL_SUFFIX = 'amazonaws.com';

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

interface ResourceKind {
  /** Property holding the physical name, when the template may set it. */
  nameProperty?: string;
  /** What Ref returns: the name or the ARN. */
  ref: 'name' | 'arn' | 'url';
  arn: (name: string) => string;
}

const arnOf = (service: string, resource: string, regional = true) =>
  `arn:${FAKE_PARTITION}:${service}:${regional ? FAKE_REGION : ''}:${regional ? FAKE_ACCOUNT : ''}:${resource}`;

const KINDS: Record<string, ResourceKind> = {
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', ref: 'name', arn: (n) => arnOf('lambda', `function:${n}`) },
  'AWS::Lambda::Alias': { ref: 'arn', arn: (n) => arnOf('lambda', `function:${n}:live`) },
  'AWS::Lambda::Version': { ref: 'arn', arn: (n) => arnOf('lambda', `function:${n}:1`) },
  'AWS::StepFunctions::StateMachine': { nameProperty: 'StateMachineName', ref: 'arn', arn: (n) => arnOf('states', `stateMachine:${n}`) },
  'AWS::StepFunctions::Activity': { nameProperty: 'Name', ref: 'arn', arn: (n) => arnOf('states', `activity:${n}`) },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', ref: 'arn', arn: (n) => arnOf('sns', n) },
  'AWS::SQS::Queue': { nameProperty: 'QueueName', ref: 'url', arn: (n) => arnOf('sqs', n) },
  'AWS::DynamoDB::Table': { nameProperty: 'TableName', ref: 'name', arn: (n) => arnOf('dynamodb', `table/${n}`) },
  'AWS::S3::Bucket': { nameProperty: 'BucketName', ref: 'name', arn: (n) => `arn:${FAKE_PARTITION}:s3:::${n}` },
  'AWS::Events::EventBus': { nameProperty: 'Name', ref: 'name', arn: (n) => arnOf('events', `event-bus/${n}`) },
  'AWS::Events::Rule': { nameProperty: 'Name', ref: 'name', arn: (n) => arnOf('events', `rule/${n}`) },
  'AWS::IAM::Role': { nameProperty: 'RoleName', ref: 'name', arn: (n) => arnOf('iam', `role/${n}`, false).replace('iam:::', `iam::${FAKE_ACCOUNT}:`) },
  'AWS::KMS::Key': { ref: 'name', arn: (n) => arnOf('kms', `key/${n}`) },
  'AWS::KMS::Alias': { nameProperty: 'AliasName', ref: 'name', arn: (n) => arnOf('kms', n) },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', ref: 'name', arn: (n) => arnOf('logs', `log-group:${n}:*`) },
  'AWS::ECS::Cluster': { nameProperty: 'ClusterName', ref: 'name', arn: (n) => arnOf('ecs', `cluster/${n}`) },
  'AWS::ECS::TaskDefinition': { ref: 'arn', arn: (n) => arnOf('ecs', `task-definition/${n}:1`) },
  'AWS::Glue::Job': { nameProperty: 'Name', ref: 'name', arn: (n) => arnOf('glue', `job/${n}`) },
  'AWS::SageMaker::Model': { nameProperty: 'ModelName', ref: 'arn', arn: (n) => arnOf('sagemaker', `model/${n.toLowerCase()}`) },
  'AWS::Events::Connection': { nameProperty: 'Name', ref: 'name', arn: (n) => arnOf('events', `connection/${n}/00000000-0000-0000-0000-000000000000`) },
};

/** `AWS::SageMaker::ModelPackageGroup` -> `sagemaker`, `modelpackagegroup`. */
function genericArn(type: string, name: string): string {
  const [, service = 'unknown', kind = 'resource'] = type.split('::');
  return arnOf(service.toLowerCase(), `${kind.toLowerCase()}/${name}`);
}

function physicalName(logicalId: string, resource: TemplateResource, kind?: ResourceKind): string {
  const declared = kind?.nameProperty ? resource.Properties?.[kind.nameProperty] : undefined;
  if (typeof declared === 'string') {
    return declared;
  }
  // S3 bucket names must be lower case; everything else keeps the logical id, which keeps ARNs readable in failures.
  return resource.Type === 'AWS::S3::Bucket' ? logicalId.toLowerCase() : logicalId;
}

/** What `{ Ref: logicalId }` returns for this resource. */
export function fakeRef(logicalId: string, resource: TemplateResource): string {
  const kind = KINDS[resource.Type];
  const name = physicalName(logicalId, resource, kind);
  if (!kind) {
    return name;
  }
  if (kind.ref === 'arn') {
    return kind.arn(name);
  }
  if (kind.ref === 'url') {
    return `https://sqs.${FAKE_REGION}.${FAKE_URL_SUFFIX}/${FAKE_ACCOUNT}/${name}`;
  }
  return name;
}

/** What `{ Fn::GetAtt: [logicalId, attribute] }` returns for this resource. */
export function fakeGetAtt(logicalId: string, resource: TemplateResource, attribute: string): string {
  const kind = KINDS[resource.Type];
  const name = physicalName(logicalId, resource, kind);
  const arn = kind ? kind.arn(name) : genericArn(resource.Type, name);
  if (attribute === 'Arn' || attribute.endsWith('Arn')) {
    return attribute === 'StreamArn' ? `${arn}/stream/2020-01-01T00:00:00.000` : arn;
  }
  if (attribute === 'Name' || attribute.endsWith('Name')) {
    return name;
  }
  if (attribute === 'QueueUrl') {
    return `https://sqs.${FAKE_REGION}.${FAKE_URL_SUFFIX}/${FAKE_ACCOUNT}/${name}`;
  }
  if (attribute === 'KeyId') {
    return name;
  }
  return `${name}.${attribute}`;
}
