import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Whether the chain's first state declares JSONata itself (CDK keeps a state's own query language protected, and
 * renders it in `toStateJson()` when set).
 *
 * A fragment that wraps user states in a Parallel gives the Parallel their language: a JSONata Parallel around
 * JSONPath states (or the reverse) depends on how nested states inherit `QueryLanguage`, which AWS does not spell
 * out for branches, so the wrapper never mixes them.
 */
export function startsInJsonata(chainable: sfn.IChainable): boolean {
  return (chainable.startState.toStateJson() as { QueryLanguage?: string }).QueryLanguage === sfn.QueryLanguage.JSONATA;
}
