// The public API of @statecraft/testing, listed name by name: the contract in CONTRIBUTING.md ("Cross-package
// contracts"), plus the diagram, mock-config and error types. Everything else in src/ is internal.

// Loading a state machine and running it.
export type { AslCatcher, AslChoiceRule, AslRetrier, AslState, AslStateMachine, JsonObject, JsonValue, LocatedState } from './asl-types';
export type { CloudFormationTemplate } from './cloudformation-intrinsics';
export { WorkflowDefinition } from './workflow-definition';
export type { FromAslOptions, FromTemplateOptions } from './workflow-definition';
export { UnmockedTaskError, WorkflowSimulator } from './workflow-simulator';
export type { RunOptions, SimulatorOptions } from './workflow-simulator';
export { SIMULATION_LIMIT_ERROR } from './execution-result';
export type { ExecutionResult, ExecutionStatus, VisitedState } from './execution-result';
export { MAX_HISTORY_EVENTS } from './engine/execution-history';
export type { HistoryEvent } from './engine/execution-history';
export { InMemoryS3ObjectSource } from './engine/s3-object-source';
export type { S3ObjectSource } from './engine/s3-object-source';

// Mocks.
export { evaluateMock, TaskFailure } from './mocks';
export type { Mock, MockCall, MockError, MockFunction, MockResponse, MockSequence, SimulatorMocks } from './mocks';
export type { Integration } from './integration';
export type { FieldValidationMode } from './api-models/field-validation-mode';
export { findResultReadProblems } from './api-models/result-read-check';
export type { ResultReadProblem } from './api-models/result-read-check';
export { mocksFromMockConfig } from './mock-config-file';
export type { MockConfigFile } from './mock-config-file';

// Assertions, coverage and fault sweeps.
export { installMatchers } from './matchers';
export { COVERAGE_REPORT_DIR, CoverageTracker } from './coverage';
export type { CoverageEdge, CoverageReport, CoveredExecution } from './coverage';
export { assertNoUnhandledFaults, FAULT_SWEEP_REPORT_DIR, sweepFaults } from './fault-sweep';
export type { FaultSweepCell, FaultSweepReport, NotRetriedCell, SweepOptions, SweepOutcome, SweepScenario } from './fault-sweep';
export { ALL_FAULTS, TIMEOUT_FAULT } from './fault-catalogue';
export type { FaultKind } from './fault-catalogue';

// One state at a time (TestState) and definition checks (ValidateStateMachineDefinition).
export { testState } from './engine/test-state';
export type { TestStateInspectionData, TestStateMock, TestStateOptions, TestStateResult } from './engine/test-state';
export { validateDefinition } from './engine/validation';
export type { DefinitionDiagnostic, DiagnosticCode } from './engine/validation';
export { awsSolutionsFindings } from './nag-findings';

// Events a workflow's neighbours see.
export { describedExecution } from './described-execution';
export type { DescribedExecutionOptions } from './described-execution';
export { executionStatusChangeEvent } from './execution-status-change';
export type { StatusChangeSource } from './execution-status-change';

// Diagrams.
export { buildDiagramModel } from './diagram-model';
export type { DiagramModel, DiagramOptions, DiagramScope } from './diagram-model';
export { toDot } from './dot-diagram';
export { toMermaid } from './mermaid-diagram';

// Errors.
export { ApiModelNotInstalledError } from './api-models/aws-sdk-client-model';
export { MockValidationError } from './api-models/mock-validation';
export { DefinitionLoadError, MockConfigurationError, RedriveError, UnsupportedFeatureError } from './errors';
