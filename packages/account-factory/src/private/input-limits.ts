import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AccountFactoryErrors } from '../errors';
import { jsonata } from './step-context';

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

/**
 * The Organizations limits the field validation does not check, before the first side effect: the tag count,
 * string lengths (account name, email, each tag's key and value; `$length` counts Unicode characters, as the
 * limits do), and no '#' at the start of a tenant id (the registry's counters). One Choice finds every broken
 * limit and one Fail state reports them all (`Statecraft.InvalidInput`, each problem naming its field).
 */
export function inputLimitsStep(scope: Construct, props: InputLimitsProps): sfn.State {
  const { accountName, email, tagKey, tagValue, maxTags } = ACCOUNT_INPUT_LIMITS;
  const pattern = props.tenantIdPattern;
  const checkHash = pattern === undefined || pattern.startsWith('#') || pattern.startsWith('*');
  const problem = (field: string, broken: string, text: string) => `${broken} ? "Input field '${field}' is invalid: ${text}"`;
  // A value that is not a string measures -1, so it breaks its limit too. `$s.tags.Key` would flatten a
  // single tag object as well as an array, so the tags are mapped one by one.
  const problems = `($s := $states.input;
    $len := function($v) { $type($v) = "string" ? $length($v) : -1 };
    $tags := $exists($s.tags) ? $s.tags : [];
    $outside := function($v, $min, $max) { $len($v) < $min or $len($v) > $max };
    [
      ${checkHash ? `${problem('tenantId', '$substring($s.tenantId, 0, 1) = "#"', 'must not start with \'#\' (reserved for the registry\'s counters)')},` : ''}
      ${problem('tags', `$count($tags) > ${maxTags}`, `at most ${maxTags} tags (the Organizations limit)`)},
      ${problem('accountName', `$outside($s.accountName, ${accountName.min}, ${accountName.max})`, `must be ${accountName.min} to ${accountName.max} characters (the Organizations limit)`)},
      ${problem('email', `$outside($s.email, ${email.min}, ${email.max})`, `must be ${email.min} to ${email.max} characters (the Organizations limit)`)},
      ${problem('tags', `$count($filter($tags, function($t) { $outside($t.Key, ${tagKey.min}, ${tagKey.max}) })) > 0`, `every Key must be a string of ${tagKey.min} to ${tagKey.max} characters`)},
      ${problem('tags', `$count($filter($tags, function($t) { $outside($t.Value, ${tagValue.min}, ${tagValue.max}) })) > 0`, `every Value must be a string of at most ${tagValue.max} characters`)}
    ])`.replace(/\s+/g, ' '); // asl-validator (like the console) takes one-line expressions only
  const invalid = sfn.Fail.jsonata(scope, 'Input Limits Exceeded', {
    error: AccountFactoryErrors.INVALID_INPUT,
    cause: jsonata(`$join(${problems}, "; ")`),
  });
  return sfn.Choice.jsonata(scope, 'Check Input Limits')
    .when(sfn.Condition.jsonata(jsonata(`$count(${problems}) > 0`)), invalid)
    .otherwise(props.next);
}
