import { MockCall, MockResponse } from '../mocks';
import { AwsSdkClientModel } from './aws-sdk-client-model';
import { FieldValidationMode } from './field-validation-mode';
import { Integration } from '../integration';
import { IntegrationOperation, integrationOperation } from './integration-operation';
import { PayloadProblem, checkPayload } from './payload-check';

/** A mocked response (or the request the state sent) does not match the AWS API model of its operation. */
export class MockValidationError extends Error {
  constructor(public readonly stateName: string, public readonly problems: readonly string[]) {
    super(`Task state '${stateName}' does not match the AWS API model:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`
      + 'Fix the mock (or the state), or set fieldValidationMode: \'PRESENT\' or \'NONE\' in the simulator options.');
    this.name = 'MockValidationError';
  }
}

/** Each integration's operation, looked up once (the simulator keeps one Integration per state). */
const operations = new WeakMap<Integration, IntegrationOperation | undefined>();

/**
 * Checks the request a Task state sends (`call.input`) and the mock's result (`response.return`) against the AWS API
 * model of the integration's operation; throws MockValidationError naming the state and every problem.
 */
export function validateMockedCall(call: MockCall, response: MockResponse, mode: FieldValidationMode): void {
  if (mode === 'NONE') return;
  let operation = operations.get(call.integration);
  if (operation === undefined && !operations.has(call.integration)) {
    operation = integrationOperation(call.integration);
    operations.set(call.integration, operation);
  }
  if (!operation) return;
  const model = AwsSdkClientModel.load(operation.service);
  const request = model.operation(operation.requestOperation);
  if (!request) {
    throw new MockValidationError(call.stateName, [`${model.packageName} has no operation ${operation.requestOperation} (resource ${call.integration.resource})`]);
  }
  const problems: string[] = [];
  const describe = (what: string, found: PayloadProblem[]) => found.forEach((p) => problems.push(`${what} ${p.path} ${p.problem}`));
  if (request.input) {
    describe(`request (${operation.requestOperation})`, checkPayload(model, request.input, call.input, { mode, jsonMembers: operation.jsonRequestMembers }));
  }
  if (response.return !== undefined && operation.result) {
    const result = operation.result.startsWith('shape:')
      ? model.shape(operation.result.slice('shape:'.length))
      : model.operation(operation.result)?.output;
    if (result) {
      describe(`result (${operation.result.replace('shape:', '')})`, checkPayload(model, result, response.return, { mode, jsonMembers: operation.jsonResultMembers }));
    }
  }
  if (problems.length > 0) throw new MockValidationError(call.stateName, problems);
}
