/**
 * How strictly mocked responses (and the requests Task states send) are checked against the AWS API models, with
 * the values and meaning of the TestState API's `fieldValidationMode` (AWS Step Functions API Reference, MockInput).
 */
export type FieldValidationMode =
  /** Every required member present, and every present member conforms to the model (known, typed, in its enum, not retired). */
  | 'STRICT'
  /** Every present member conforms to the model; missing required members are not reported. */
  | 'PRESENT'
  /** Nothing is checked. */
  | 'NONE';

export const DEFAULT_FIELD_VALIDATION_MODE: FieldValidationMode = 'STRICT';
