/** One documented example of an expression (an intrinsic function, a JSONata function) and what it gives or raises. */
export interface ExpressionCase {
  readonly title: string;
  /** `page — section` of the AWS documentation the example comes from. */
  readonly source: string;
  readonly expression: string;
  readonly input?: unknown;
  readonly expected?: unknown;
  /** The error name AWS raises instead of a value. */
  readonly error?: string;
}
