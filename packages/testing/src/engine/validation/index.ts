export { validateDefinition } from './validate-definition';
export type { DefinitionDiagnostic, DiagnosticCode } from './definition-diagnostic';
