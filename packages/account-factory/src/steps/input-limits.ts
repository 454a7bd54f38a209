import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AccountFactoryErrors } from '../errors';

/** The Organizations CreateAccount limits the vending input is checked against before any side effect. */
export const ACCOUNT_INPUT_LIMITS = {
  maxTags: 50,
  accountName: { min: 1, max: 50 },
  email: { min: 6, max: 64 },
  tagKey: { min: 1, max: 128 },
  tagValue: { min: 0, max: 256 },
};

export interface InputLimitsProps {
  /** The tenant id pattern; ids starting with '#' are refused when the pattern would let them through. */
  readonly tenantIdPattern?: string;
  /** Where a valid input goes next. */
  readonly next: sfn.IChainable;
}

/** Where the measured lengths are kept in the state (the Choice after the measure reads them). */
const LENGTHS = '$.inputLimits';

/**
 * The checks JSONPath cannot make, run after the field validation and before the first side effect: the tag
 * count, then string lengths (account name, email, each tag's key and value). JSONPath cannot measure a string,
 * so one JSONata Pass state (`Measure Input`) measures them with `$length`, and a JSONPath Choice compares.
 * A field that is not a string measures -1, so it fails its check too. Each failure is `Statecraft.InvalidInput`
 * naming the field and the limit.
 */
export function inputLimitsStep(scope: Construct, props: InputLimitsProps): sfn.State {
  const invalid = (id: string, field: string, cause: string) => new sfn.Fail(scope, id, {
    error: AccountFactoryErrors.INVALID_INPUT,
    cause: `Input field '${field}' is invalid: ${cause}`,
  });
  const { accountName, email, tagKey, tagValue, maxTags } = ACCOUNT_INPUT_LIMITS;
  const lengths = new sfn.Choice(scope, 'Check Input Lengths')
    .when(outside(`${LENGTHS}.accountName`, accountName),
      invalid('Invalid accountName (length)', 'accountName', `must be ${accountName.min} to ${accountName.max} characters (the Organizations limit)`))
    .when(outside(`${LENGTHS}.email`, email),
      invalid('Invalid email (length)', 'email', `must be ${email.min} to ${email.max} characters (the Organizations limit)`))
    .when(sfn.Condition.or(
      sfn.Condition.numberLessThan(`${LENGTHS}.shortestTagKey`, tagKey.min),
      sfn.Condition.numberGreaterThan(`${LENGTHS}.longestTagKey`, tagKey.max),
    ), invalid('Invalid tags (key length)', 'tags', `every Key must be a string of ${tagKey.min} to ${tagKey.max} characters`))
    .when(sfn.Condition.or(
      sfn.Condition.numberLessThan(`${LENGTHS}.shortestTagValue`, tagValue.min),
      sfn.Condition.numberGreaterThan(`${LENGTHS}.longestTagValue`, tagValue.max),
    ), invalid('Invalid tags (value length)', 'tags', `every Value must be a string of at most ${tagValue.max} characters`))
    .otherwise(props.next);

  // `$length` counts Unicode characters, as the Organizations limits do. `$map` over no tags gives nothing, so each
  // extreme starts from a neutral value.
  const measure = sfn.Pass.jsonata(scope, 'Measure Input', {
    outputs: `{% (
      $len := function($s) { $type($s) = "string" ? $length($s) : -1 };
      $keys := $map($states.input.tags, function($t) { $len($t.Key) });
      $values := $map($states.input.tags, function($t) { $len($t.Value) });
      $merge([$states.input, { "${LENGTHS.slice(2)}": {
        "accountName": $len($states.input.accountName),
        "email": $len($states.input.email),
        "shortestTagKey": $min($append([${tagKey.max}], $keys)),
        "longestTagKey": $max($append([${tagKey.min}], $keys)),
        "shortestTagValue": $min($append([${tagValue.max}], $values)),
        "longestTagValue": $max($append([${tagValue.min}], $values))
      } }])
    ) %}`.replace(/\s+/g, ' '), // asl-validator (like the console) takes one-line expressions only
  });
  measure.next(lengths);

  const noTags = new sfn.Pass(scope, 'Use No Tags', { result: sfn.Result.fromArray([]), resultPath: '$.tags' });
  noTags.next(measure);
  const limits = new sfn.Choice(scope, 'Check Input Limits');
  const pattern = props.tenantIdPattern;
  if (pattern === undefined || pattern.startsWith('#') || pattern.startsWith('*')) {
    limits.when(sfn.Condition.stringMatches('$.tenantId', '#*'),
      invalid('Invalid tenantId (limits)', 'tenantId', 'must not start with \'#\' (reserved for the registry\'s counters)'));
  }
  return limits
    .when(sfn.Condition.isNotPresent('$.tags'), noTags)
    .when(sfn.Condition.isPresent(`$.tags[${maxTags}]`), invalid('Invalid tags (limits)', 'tags', `at most ${maxTags} tags (the Organizations limit)`))
    .otherwise(measure);
}

function outside(path: string, range: { min: number; max: number }): sfn.Condition {
  return sfn.Condition.or(sfn.Condition.numberLessThan(path, range.min), sfn.Condition.numberGreaterThan(path, range.max));
}
