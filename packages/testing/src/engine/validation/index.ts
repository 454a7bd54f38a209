export { validateDefinition } from './validate-definition';
export { DefinitionDiagnostic, DiagnosticCode } from './definition-diagnostic';
