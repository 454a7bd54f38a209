import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { StatecraftErrors } from './statecraft-errors';
import { ValidationErrors } from './validation-errors';

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
  /** Any JSON value except null (only presence is checked), for example an object or an array. */
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
   * A pattern the value must match, where `*` matches any run of characters and everything else is literal
   * (as ASL's `StringMatches`); for example `tenant-*` or `*@*.*`.
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
 * One field of the execution input and the checks on it, compiled to a JSONata expression (see
 * {@link InputValidationStep}): presence and null, JSON type (string, number, boolean, RFC 3339 timestamp, any
 * value), the empty string, an exact value list, a `*` wildcard pattern and numeric bounds.
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
   * A JSONata expression that is `true` when the value `$v` (present and not null) is valid. Every comparison is
   * guarded by its type check (`?:`), since JSONata functions such as `$contains` fail on a value of the wrong type.
   * @internal
   */
  public _validExpression(): string {
    const checks: string[] = [];
    if (this.type === InputFieldType.STRING && !this.allowEmpty) checks.push("$v != ''");
    if (this.pattern !== undefined) checks.push(`$contains($v, ${wildcardRegex(this.pattern)})`);
    if (this.allowedValues !== undefined && this.allowedValues.length > 0) checks.push(`$v in ${JSON.stringify(this.allowedValues)}`);
    if (this.minimum !== undefined) checks.push(`$v >= ${this.minimum}`);
    if (this.maximum !== undefined) checks.push(`$v <= ${this.maximum}`);
    // ASL's IsTimestamp accepts RFC 3339 date-times (States Language, Choice Rules).
    if (this.type === InputFieldType.TIMESTAMP) checks.push(`$contains($v, ${RFC3339_REGEX})`);
    const typeCheck = {
      [InputFieldType.STRING]: "$type($v) = 'string'",
      [InputFieldType.NUMBER]: "$type($v) = 'number'",
      [InputFieldType.BOOLEAN]: "$type($v) = 'boolean'",
      [InputFieldType.TIMESTAMP]: "$type($v) = 'string'",
      [InputFieldType.ANY]: "$type($v) != 'null'",
    }[this.type];
    return checks.length === 0 ? typeCheck : `(${typeCheck} ? (${checks.join(' and ')}) : false)`;
  }

  /**
   * A JSONata expression that is `true` when this field of `$states.input` is invalid.
   * @internal
   */
  public _invalidExpression(): string {
    const value = `$states.input.${this.path.split('.').map(jsonataName).join('.')}`;
    // An absent optional field is fine; null is never a value (as JSONPath's IsNull rule rejected it before).
    const invalid = this.required ? `$not(${this._validExpression()})` : `$exists($v) and $not(${this._validExpression()})`;
    return `($v := ${value}; ${invalid})`;
  }

  /** The sentence of the runtime cause for this field. */
  public problemSentence(): string {
    return `Input field '${this.path}' is invalid: expected ${this.describe()}`;
  }
}

/** Words JSONata reads as operators or literals; a field named so is quoted with backticks. */
const JSONATA_WORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

function jsonataName(name: string): string {
  return JSONATA_WORDS.has(name) ? `\`${name}\`` : name;
}

/** An RFC 3339 date-time such as `2026-11-24T06:00:00Z` or `2026-11-24t06:00:00.5+01:00`, as a JSONata regex. */
const RFC3339_REGEX = '/^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$/i';

/**
 * The `*` wildcard pattern of ASL's `StringMatches` as an anchored JSONata regex: `*` matches any run of
 * characters, `\*` a literal asterisk and `\\` a literal backslash (States Language, Choice Rules).
 */
function wildcardRegex(pattern: string): string {
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\' && i + 1 < pattern.length) {
      regex += escapeRegex(pattern[++i]);
    } else {
      regex += char === '*' ? '.*' : escapeRegex(char);
    }
  }
  // A leading or trailing `*` needs no anchor: `tenant-*` is /^tenant-/.
  const start = regex.startsWith('.*') ? regex.slice(2) : `^${regex}`;
  return `/${start.endsWith('.*') ? start.slice(0, -2) : `${start}$`}/`;
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
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

  /** Records problems with the field definitions under `propPrefix` (for example `inputValidation`). */
  public validate(errors: ValidationErrors, propPrefix: string): void {
    for (const problem of this.problems()) errors.add(propPrefix, problem);
  }

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
 * The input checks as a fragment of two JSONata states: the Choice `Validate Input` checks every field at once and
 * goes on when all are valid; otherwise the Fail state `Invalid Input` fails with `Statecraft.InvalidInput` and a
 * cause that lists every invalid field, one sentence per field joined by `; ` (for example
 * `Input field 'runDate' is invalid: expected an RFC 3339 timestamp (required); Input field 'region' is invalid:
 * expected a non-empty string, one of 'eu', 'us' (required)`). Put it first in any state machine (JSONata or
 * JSONPath: each state declares its own query language).
 */
export class InputValidationStep extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: InputValidationStepProps) {
    super(scope, id);
    const errors = new ValidationErrors(this);
    props.validation.validate(errors, 'validation');
    errors.throwIfAny();
    if (props.validation.fields.length === 0) {
      const valid = sfn.Pass.jsonata(this, 'Input Valid');
      this.startState = valid;
      this.endStates = [valid];
      return;
    }
    const fields = props.validation.fields;
    // A field whose value is fine contributes nothing to the list, so the cause names only the invalid ones.
    const sentences = fields.map((field) => `${field._invalidExpression()} ? ${JSON.stringify(field.problemSentence())}`);
    const invalid = sfn.Fail.jsonata(this, 'Invalid Input', {
      error: props.errorName ?? StatecraftErrors.INVALID_INPUT,
      cause: `{% $join([${sentences.join(', ')}], '; ') %}`,
    });
    const check = sfn.Choice.jsonata(this, 'Validate Input')
      .when(sfn.Condition.jsonata(`{% ${fields.map((field) => field._invalidExpression()).join(' or ')} %}`), invalid);
    this.startState = check;
    // The Choice's default (all fields valid) is where the fragment continues.
    this.endStates = check.afterwards({ includeOtherwise: true }).endStates;
  }
}
