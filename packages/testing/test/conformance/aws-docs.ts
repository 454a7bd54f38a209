/**
 * The AWS pages the conformance cases are written from. A case cites `page — section`; the page constants keep the
 * titles and addresses in one place.
 */
const DG = 'https://docs.aws.amazon.com/step-functions/latest/dg';

export const INTRINSICS = `Intrinsic functions for JSONPath states in Step Functions (${DG}/intrinsic-functions.html)`;
export const JSONATA = `Transforming data with JSONata in Step Functions (${DG}/transforming-data.html)`;
export const VARIABLES = `Passing data between states with variables (${DG}/workflow-variables.html)`;
export const INPUT_OUTPUT = `Processing input and output in Step Functions (${DG}/concepts-input-output-filtering.html)`;
export const PATHS = `Using JSONPath paths (${DG}/amazon-states-language-paths.html)`;
export const PARAMETERS = `Manipulate parameters in Step Functions workflows (${DG}/input-output-inputpath-params.html)`;
export const RESULT_PATH = `Specifying state output using ResultPath in Step Functions (${DG}/input-output-resultpath.html)`;
export const EXAMPLE_IO = `Example: Manipulating state data with paths in Step Functions workflows (${DG}/input-output-example.html)`;
export const CONTEXT_OBJECT = `Accessing execution data from the Context object in Step Functions (${DG}/input-output-contextobject.html)`;
export const ERROR_HANDLING = `Handling errors in Step Functions workflows (${DG}/concepts-error-handling.html)`;
export const CHOICE = `Choice workflow state (${DG}/state-choice.html)`;
export const PASS = `Pass workflow state (${DG}/state-pass.html)`;
export const WAIT = `Wait workflow state (${DG}/state-wait.html)`;
export const SUCCEED = `Succeed workflow state (${DG}/state-succeed.html)`;
export const FAIL = `Fail workflow state (${DG}/state-fail.html)`;
export const TASK = `Task workflow state (${DG}/state-task.html)`;
export const PARALLEL = `Parallel workflow state (${DG}/state-parallel.html)`;
export const MAP = `Map workflow state (${DG}/state-map.html)`;
export const MAP_INLINE = `Using Map state in Inline mode in Step Functions workflows (${DG}/state-map-inline.html)`;
export const MAP_DISTRIBUTED = `Using Map state in Distributed mode for large-scale parallel workloads (${DG}/state-map-distributed.html)`;
export const ITEM_READER = `ItemReader (Map) (${DG}/input-output-itemreader.html)`;
export const ITEM_BATCHER = `ItemBatcher (Map) (${DG}/input-output-itembatcher.html)`;
export const RESULT_WRITER = `ResultWriter (Map) (${DG}/input-output-resultwriter.html)`;
export const TOLERATED_FAILURE = `Setting failure thresholds for Distributed Map states in Step Functions (${DG}/maprun-fail-threshold.html)`;
export const STATE_MACHINE_STRUCTURE = `State machine structure in Amazon States Language for Step Functions workflows (${DG}/statemachine-structure.html)`;
export const COMMON_FIELDS = `Common state fields (${DG}/state-common-fields.html) and the state pages' field tables`;
export const QUOTAS = `Step Functions service quotas (${DG}/service-quotas.html)`;
export const VALIDATE_API = 'AWS Step Functions API Reference, ValidateStateMachineDefinition (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html)';
export const LAMBDA_INVOKE = `Invoke an AWS Lambda function with Step Functions (${DG}/connect-lambda.html)`;
