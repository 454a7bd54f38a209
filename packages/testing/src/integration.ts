/** How a Task state's Resource ARN reads as an integration. */
export interface Integration {
  /** `service:action`, the key integration mocks are declared under, e.g. `organizations:createAccount`, `lambda:invoke`. */
  readonly key: string;
  /** Service id as it appears in the ARN, e.g. `organizations`, `lambda`, `sagemaker`, `http`. */
  readonly service: string;
  readonly action: string;
  /** REQUEST_RESPONSE, RUN_JOB (`.sync`, `.sync:2`) or WAIT_FOR_TASK_TOKEN. */
  readonly pattern: 'REQUEST_RESPONSE' | 'RUN_JOB' | 'WAIT_FOR_TASK_TOKEN';
  /** True for `arn:aws:states:::aws-sdk:*` integrations, whose errors are named `<SdkService>.<Exception>`. */
  readonly sdk: boolean;
  readonly resource: string;
}

const SUFFIX_PATTERN = /\.(sync(?::2)?|waitForTaskToken)$/;

/** Reads `arn:aws:states:::aws-sdk:s3:getObject`, `arn:aws:states:::lambda:invoke.waitForTaskToken`, a Lambda ARN, an activity ARN. */
export function parseIntegration(resource: string): Integration {
  const suffix = SUFFIX_PATTERN.exec(resource)?.[1];
  const pattern = suffix === undefined ? 'REQUEST_RESPONSE' : suffix === 'waitForTaskToken' ? 'WAIT_FOR_TASK_TOKEN' : 'RUN_JOB';
  const bare = resource.replace(SUFFIX_PATTERN, '');
  const parts = bare.split(':');
  // arn:partition:states:::aws-sdk:service:action / arn:partition:states:::service:action
  if (parts[2] === 'states' && parts[3] === '' && parts[4] === '') {
    const sdk = parts[5] === 'aws-sdk';
    const [service, action] = sdk ? [parts[6], parts[7]] : [parts[5], parts[6]];
    return { key: `${service}:${action}`, service, action, pattern, sdk, resource };
  }
  if (parts[2] === 'lambda') {
    return { key: 'lambda:invoke', service: 'lambda', action: 'invoke', pattern, sdk: false, resource };
  }
  if (parts[2] === 'states' && parts[5] === 'activity') {
    return { key: `activity:${parts[6]}`, service: 'activity', action: parts[6], pattern, sdk: false, resource };
  }
  return { key: resource, service: parts[2] ?? 'unknown', action: parts.slice(5).join(':'), pattern, sdk: false, resource };
}
