/** The Choice-rule type tests that take a boolean. */
const TYPE_TESTS = ['IsPresent', 'IsNull', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

/**
 * aws-local-stepfunctions 3.0.0 evaluates the type tests as `test && holds`, so a rule written with `false`
 * (`{ "Variable": "$.x", "IsPresent": false }`) never matches, where AWS matches it when the test fails. This returns
 * a copy of the definition in which each such rule reads as the equivalent `{ "Not": { ..., "IsPresent": true } }`,
 * which the interpreter evaluates correctly. Rule order and Next targets are untouched, so coverage ids still match.
 */
export function rewriteFalseTypeTests<T>(definition: T): T {
  return rewrite(definition) as T;
}

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(rewrite);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const object = value as Record<string, unknown>;
  const falseTest = TYPE_TESTS.find((test) => object[test] === false && typeof object.Variable === 'string');
  if (falseTest) {
    const { Variable, [falseTest]: _ignored, ...rest } = object;
    return { ...rest, Not: { Variable, [falseTest]: true } };
  }
  return Object.fromEntries(Object.entries(object).map(([key, child]) => [key, rewrite(child)]));
}
