export { ApiModelNotInstalledError, AwsSdkClientModel } from './aws-sdk-client-model';
export { DEFAULT_FIELD_VALIDATION_MODE, FieldValidationMode } from './field-validation-mode';
export { CHECKED_OPTIMIZED_INTEGRATIONS, IntegrationOperation, integrationOperation } from './integration-operation';
export { MockValidationError, validateMockedCall } from './mock-validation';
export { PayloadProblem, checkPayload } from './payload-check';
export { ResultReadProblem, findResultReadProblems } from './result-read-check';
export { RETIRED_MEMBERS, RetiredMember, retiredMember } from './retired-members';
