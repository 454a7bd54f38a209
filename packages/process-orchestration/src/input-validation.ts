import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { StatecraftErrors } from './statecraft-errors';

/** The JSON type an input field must have. */
export enum InputFieldType {
  /** `IsString` */
  STRING = 'STRING',
  /** `IsNumeric` */
  NUMBER = 'NUMBER',
  /** `IsBoolean` */
  BOOLEAN = 'BOOLEAN',
  /** `IsTimestamp` (an RFC 3339 string such as `2026-11-24T06:00:00Z`) */
  TIMESTAMP = 'TIMESTAMP',
  /** Any JSON value (only presence is checked): JSONPath Choice rules cannot test for objects or arrays. */
  ANY = 'ANY',
}

/** Options common to every input field. */
export interface InputFieldOptions {
  /**
   * The field must be present (and not null).
   * @default false
   */
  readonly required?: boolean;
}

/** Options for a string input field. */
export interface StringFieldOptions extends InputFieldOptions {
  /**
   * A pattern the value must match, where `*` matches any run of characters (ASL `StringMatches`);
   * for example `tenant-*` or `*@*.*`. Regular expressions, lengths and character classes cannot be
   * expressed in a JSONPath Choice rule; check those in the step that consumes the value.
   * @default - any string
   */
  readonly pattern?: string;
  /**
   * The only values allowed.
   * @default - any string
   */
  readonly allowedValues?: string[];
  /**
   * Accept the empty string.
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** Options for a numeric input field. */
export interface NumberFieldOptions extends InputFieldOptions {
  /**
   * The smallest value allowed (inclusive).
   * @default - no lower bound
   */
  readonly minimum?: number;
  /**
   * The largest value allowed (inclusive).
   * @default - no upper bound
   */
  readonly maximum?: number;
}

/** Characters the local simulator's wildcard matcher treats as special but AWS treats literally. */
const NON_PORTABLE_PATTERN_CHARS = /[?[\]{}!]/;
/** Dotted field names only: `tenantId`, `account.email`. Kept short so state names stay under the 80-character limit. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MAX_FIELD_PATH_LENGTH = 64;

/**
 * One field of the execution input and the checks on it. Each check compiles to a JSONPath Choice rule.
 *
 * What a check can express: presence (`IsPresent`, `IsNull`), JSON type (`IsString`, `IsNumeric`,
 * `IsBoolean`, `IsTimestamp`), an exact value list (`StringEquals`), a `*` wildcard pattern
 * (`StringMatches`), an empty string, and numeric bounds. What it cannot: regular expressions, string
 * length, character classes, object or array shape.
 */
export class InputField {
  /** A string field. */
  public static string(path: string, options: StringFieldOptions = {}): InputField {
    return new InputField(path, InputFieldType.STRING, options.required ?? false, options);
  }

  /** A numeric field (integer or decimal). */
  public static number(path: string, options: NumberFieldOptions = {}): InputField {
    return new InputField(path, InputFieldType.NUMBER, options.required ?? false, options);
  }

  /** A boolean field. */
  public static boolean(path: string, options: InputFieldOptions = {}): InputField {
    return new InputField(path, InputFieldType.BOOLEAN, options.required ?? false, {});
  }

  /** An RFC 3339 timestamp string. */
  public static timestamp(path: string, options: InputFieldOptions = {}): InputField {
    return new InputField(path, InputFieldType.TIMESTAMP, options.required ?? false, {});
  }

  /** A field that must be present, of any type (an object or array, for example). */
  public static present(path: string): InputField {
    return new InputField(path, InputFieldType.ANY, true, {});
  }

  /** The wildcard pattern, if any. */
  public readonly pattern?: string;
  /** The allowed values, if any. */
  public readonly allowedValues?: string[];
  /** Whether the empty string is accepted (string fields). */
  public readonly allowEmpty: boolean;
  /** The inclusive lower bound, if any. */
  public readonly minimum?: number;
  /** The inclusive upper bound, if any. */
  public readonly maximum?: number;

  private constructor(
    /** The dotted path of the field in the input, without `$.` (for example `account.email`). */
    public readonly path: string,
    /** The JSON type the field must have. */
    public readonly type: InputFieldType,
    /** Whether the field must be present. */
    public readonly required: boolean,
    options: StringFieldOptions & NumberFieldOptions,
  ) {
    this.pattern = options.pattern;
    this.allowedValues = options.allowedValues;
    this.allowEmpty = options.allowEmpty ?? false;
    this.minimum = options.minimum;
    this.maximum = options.maximum;
  }

  /** The JSONPath of the field (`$.account.email`). */
  public get jsonPath(): string {
    return `$.${this.path}`;
  }

  /** What a valid value looks like, in words (used in the runtime error's cause). */
  public describe(): string {
    const parts: string[] = [];
    switch (this.type) {
      case InputFieldType.STRING: parts.push(this.allowEmpty ? 'a string' : 'a non-empty string'); break;
      case InputFieldType.NUMBER: parts.push('a number'); break;
      case InputFieldType.BOOLEAN: parts.push('a boolean'); break;
      case InputFieldType.TIMESTAMP: parts.push('an RFC 3339 timestamp'); break;
      case InputFieldType.ANY: parts.push('a value'); break;
    }
    if (this.pattern !== undefined) parts.push(`matching '${this.pattern}'`);
    if (this.allowedValues !== undefined) parts.push(`one of ${this.allowedValues.map((v) => `'${v}'`).join(', ')}`);
    if (this.minimum !== undefined && this.maximum !== undefined) {
      parts.push(`from ${this.minimum} to ${this.maximum}`);
    } else if (this.minimum !== undefined) {
      parts.push(`at least ${this.minimum}`);
    } else if (this.maximum !== undefined) {
      parts.push(`at most ${this.maximum}`);
    }
    return `${parts.join(', ')}${this.required ? ' (required)' : ' (optional)'}`;
  }

  /** Problems with this field's definition, each naming the field and what would be valid. */
  public problems(): string[] {
    const problems: string[] = [];
    const name = `InputField '${this.path}'`;
    if (!FIELD_PATH.test(this.path) || this.path.length > MAX_FIELD_PATH_LENGTH) {
      problems.push(`${name}: path must be dotted names of letters, digits and underscores, at most ${MAX_FIELD_PATH_LENGTH} characters (for example 'account.email')`);
    }
    if (this.pattern !== undefined && NON_PORTABLE_PATTERN_CHARS.test(this.pattern)) {
      problems.push(`${name}: pattern '${this.pattern}' may only use '*' as a wildcard; ? [ ] { } ! are not supported`);
    }
    if (this.allowedValues !== undefined && this.allowedValues.length === 0) {
      problems.push(`${name}: allowedValues must list at least one value (omit it to allow any)`);
    }
    for (const [label, value] of [['minimum', this.minimum], ['maximum', this.maximum]] as const) {
      if (value !== undefined && !Number.isFinite(value)) {
        problems.push(`${name}: ${label} must be a finite number, got ${value}`);
      }
    }
    if (this.minimum !== undefined && this.maximum !== undefined && this.minimum > this.maximum) {
      problems.push(`${name}: minimum ${this.minimum} is greater than maximum ${this.maximum}`);
    }
    return problems;
  }

  /**
   * The rules that reject a bad value, in evaluation order. Each later rule runs only when the earlier
   * ones did not match, so a type check always precedes a comparison that needs that type.
   * @internal
   */
  public _rejectionRules(): sfn.Condition[] {
    const rules: sfn.Condition[] = [sfn.Condition.isNull(this.jsonPath)];
    const variable = this.jsonPath;
    switch (this.type) {
      case InputFieldType.STRING: rules.push(sfn.Condition.not(sfn.Condition.isString(variable))); break;
      case InputFieldType.NUMBER: rules.push(sfn.Condition.not(sfn.Condition.isNumeric(variable))); break;
      case InputFieldType.BOOLEAN: rules.push(sfn.Condition.not(sfn.Condition.isBoolean(variable))); break;
      case InputFieldType.TIMESTAMP: rules.push(sfn.Condition.not(sfn.Condition.isTimestamp(variable))); break;
      case InputFieldType.ANY: break;
    }
    if (this.type === InputFieldType.STRING && !this.allowEmpty) {
      rules.push(sfn.Condition.stringEquals(variable, ''));
    }
    if (this.pattern !== undefined) {
      rules.push(sfn.Condition.not(sfn.Condition.stringMatches(variable, this.pattern)));
    }
    if (this.allowedValues !== undefined && this.allowedValues.length > 0) {
      const matches = this.allowedValues.map((value) => sfn.Condition.stringEquals(variable, value));
      rules.push(sfn.Condition.not(matches.length === 1 ? matches[0] : sfn.Condition.or(...matches)));
    }
    if (this.minimum !== undefined) rules.push(sfn.Condition.numberLessThan(variable, this.minimum));
    if (this.maximum !== undefined) rules.push(sfn.Condition.numberGreaterThan(variable, this.maximum));
    return rules;
  }
}

/**
 * The declared fields of a workflow's input. Compiled to the first states of the workflow, which fail
 * with `Statecraft.InvalidInput` and a cause naming the field before any side effect.
 */
export class InputValidation {
  /** Validation of these fields, checked in the order given. */
  public static of(fields: InputField[]): InputValidation {
    return new InputValidation(fields);
  }

  private constructor(
    /** The fields, in the order they are checked. */
    public readonly fields: InputField[],
  ) {}

  /** Problems with the field definitions (bad paths, patterns, bounds, duplicates). */
  public problems(): string[] {
    const problems = this.fields.flatMap((field) => field.problems());
    const seen = new Set<string>();
    for (const field of this.fields) {
      if (seen.has(field.path)) problems.push(`InputField '${field.path}' is declared twice`);
      seen.add(field.path);
    }
    return problems;
  }
}

/** Props for {@link InputValidationStep}. */
export interface InputValidationStepProps {
  /** The fields to check. */
  readonly validation: InputValidation;
  /**
   * The error a bad input fails with.
   * @default StatecraftErrors.INVALID_INPUT
   */
  readonly errorName?: string;
}

/**
 * The input checks as a fragment: one Choice state per field (`Validate <field>`), each rejecting to a
 * Fail state (`Invalid <field>`) whose cause names the field and what is expected, ending in the
 * `Input Valid` Pass state. Put it first in any state machine.
 */
export class InputValidationStep extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: InputValidationStepProps) {
    super(scope, id);
    const problems = props.validation.problems();
    if (problems.length > 0) {
      throw new Error(`Invalid props for ${this.node.path}:\n${problems.map((p) => `  - validation: ${p}`).join('\n')}`);
    }
    const errorName = props.errorName ?? StatecraftErrors.INVALID_INPUT;
    const valid = new sfn.Pass(this, 'Input Valid');
    let next: sfn.State = valid;
    // Built back to front: each field's Choice continues to the next field's Choice.
    for (const field of [...props.validation.fields].reverse()) {
      const reject = new sfn.Fail(this, `Invalid ${field.path}`, {
        error: errorName,
        cause: `Input field '${field.path}' is invalid: expected ${field.describe()}`,
      });
      const check = new sfn.Choice(this, `Validate ${field.path}`);
      check.when(sfn.Condition.isNotPresent(field.jsonPath), field.required ? reject : next);
      for (const rule of field._rejectionRules()) {
        check.when(rule, reject);
      }
      check.otherwise(next);
      next = check;
    }
    this.startState = next;
    this.endStates = [valid];
  }
}
