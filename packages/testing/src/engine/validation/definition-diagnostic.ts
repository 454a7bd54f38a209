/**
 * One finding, shaped as `ValidateStateMachineDefinition` returns it (AWS Step Functions API Reference,
 * ValidateStateMachineDefinitionDiagnostic): a severity, a code from AWS's list, a message and a JSON pointer.
 */
export interface DefinitionDiagnostic {
  readonly severity: 'ERROR' | 'WARNING';
  readonly code: DiagnosticCode;
  readonly message: string;
  /** A JSON pointer into the definition, e.g. `/States/Create Account/Next`. */
  readonly location: string;
}

/** The codes AWS documents for ValidateStateMachineDefinitionDiagnostic, plus the two transition codes CreateStateMachine reports. */
export type DiagnosticCode =
  | 'INVALID_JSON_DESCRIPTION'
  | 'MISSING_DESCRIPTION'
  | 'SCHEMA_VALIDATION_FAILED'
  | 'INVALID_RESOURCE'
  | 'MISSING_END_STATE'
  | 'DUPLICATE_STATE_NAME'
  | 'INVALID_STATE_NAME'
  | 'MISSING_TRANSITION_TARGET'
  | 'UNREACHABLE_STATE'
  | 'NO_DOLLAR'
  | 'NO_PATH'
  | 'PASS_RESULT_IS_STATIC';

/** A JSON pointer (RFC 6901) from path segments: `~` and `/` inside a segment are escaped. */
export function pointer(segments: ReadonlyArray<string | number>): string {
  if (segments.length === 0) return '/';
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Collects diagnostics while the validator walks the definition. */
export class DiagnosticSink {
  public readonly diagnostics: DefinitionDiagnostic[] = [];

  error(code: DiagnosticCode, message: string, at: ReadonlyArray<string | number>): void {
    this.diagnostics.push({ severity: 'ERROR', code, message, location: pointer(at) });
  }

  schema(message: string, at: ReadonlyArray<string | number>): void {
    this.error('SCHEMA_VALIDATION_FAILED', message, at);
  }

  warning(code: DiagnosticCode, message: string, at: ReadonlyArray<string | number>): void {
    this.diagnostics.push({ severity: 'WARNING', code, message, location: pointer(at) });
  }
}
