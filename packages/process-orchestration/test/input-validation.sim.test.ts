import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { InputField, InputValidation, InputValidationStep } from '../src';
import { testStack } from './example-workflows';

installMatchers();

/** A JSONata state machine (AWS refuses JSONPath states in it) that starts with the validation fragment. */
function signUp(fields: InputField[]) {
  const stack = testStack();
  const validation = new InputValidationStep(stack, 'Input Validation', { validation: InputValidation.of(fields) });
  const machine = new sfn.StateMachine(stack, 'SignUp', {
    queryLanguage: sfn.QueryLanguage.JSONATA,
    definitionBody: sfn.DefinitionBody.fromChainable(sfn.Chain.start(validation).next(sfn.Pass.jsonata(stack, 'Create User'))),
  });
  return new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine, { name: 'sign-up' }), { writeCoverageReport: false });
}

const sim = signUp([
  InputField.string('email', { required: true, pattern: '*@*.*' }),
  InputField.string('plan', { allowedValues: ['free', 'team'] }),
  InputField.string('note', { allowEmpty: true }),
  InputField.number('seats', { minimum: 1 }),
  InputField.timestamp('trialEnds'),
  InputField.present('profile'),
  InputField.string('account.code', { pattern: 'a\\*b' }),
]);
const valid = { email: 'ada@example.org', plan: 'team', note: '', seats: 3, trialEnds: '2026-12-31T23:59:59.5+01:00', profile: { name: 'Ada' } };

describe('InputValidationStep in a JSONata state machine', () => {
  test('valid input goes on to the next state through the one Choice state', async () => {
    const result = await sim.run(valid);

    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toEqual(['Validate Input', 'Create User']);
    expect(result.output).toEqual(valid);
  });

  test.each([
    // StringMatches treats everything but * literally (States Language, Choice Rules): the '.' must be a dot.
    [{ email: 'ada@examplexorg' }, 'email'],
    [{ plan: 'enterprise' }, 'plan'],
    [{ seats: 0.5 }, 'seats'],
    [{ trialEnds: '2026-12-31 23:59' }, 'trialEnds'],
    [{ trialEnds: 20261231 }, 'trialEnds'],
    [{ profile: null }, 'profile'],
    [{ note: null }, 'note'],
    [{ account: { code: 'axxb' } }, 'account.code'],
  ])('%j is rejected, naming %s', async (change, field) => {
    const result = await sim.run({ ...valid, ...change });

    expect(result).toFailWith('Statecraft.InvalidInput', `Input field '${field}' is invalid`);
    expect(result.visited.map((v) => v.name)).toEqual(['Validate Input', 'Invalid Input']);
  });

  test('an escaped asterisk in a pattern matches only a literal asterisk', async () => {
    expect(await sim.run({ ...valid, account: { code: 'a*b' } })).toSucceed();
  });

  test('a missing required field and a missing required object are both reported', async () => {
    const result = await sim.run({ plan: 'free' });

    expect(result).toFailWith('Statecraft.InvalidInput',
      "Input field 'email' is invalid: expected a non-empty string, matching '*@*.*' (required); "
      + "Input field 'profile' is invalid: expected a value (required)");
  });
});

describe('InputValidationStep props', () => {
  test('bad field definitions fail at synth naming the construct path and the prop', () => {
    expect(() => new InputValidationStep(testStack(), 'Check', { validation: InputValidation.of([InputField.string('a b')]) }))
      .toThrow(/Invalid props for TestStack\/Check \(1 problem\)\n {2}- validation: InputField 'a b': path must be dotted names/);
  });

  test('without fields the fragment is a single JSONata Pass state', () => {
    const stack = testStack();
    const step = new InputValidationStep(stack, 'Check', { validation: InputValidation.of([]) });
    expect(stack.resolve((step.startState as sfn.State).toStateJson())).toEqual({ Type: 'Pass', QueryLanguage: 'JSONata', End: true });
  });
});
