import { InputField, InputValidation } from '../src';

describe('InputField', () => {
  test('describes what a valid value looks like', () => {
    expect(InputField.string('email', { required: true, pattern: '*@*.*' }).describe()).toBe("a non-empty string, matching '*@*.*' (required)");
    expect(InputField.string('note', { allowEmpty: true }).describe()).toBe('a string (optional)');
    expect(InputField.number('n', { minimum: 1 }).describe()).toBe('a number, at least 1 (optional)');
    expect(InputField.number('n', { maximum: 9 }).describe()).toBe('a number, at most 9 (optional)');
    expect(InputField.timestamp('at', { required: true }).describe()).toBe('an RFC 3339 timestamp (required)');
    expect(InputField.boolean('b').describe()).toBe('a boolean (optional)');
    expect(InputField.present('tags').describe()).toBe('a value (required)');
    expect(InputField.string('account.email').jsonPath).toBe('$.account.email');
  });

  test.each([
    [InputField.string('a b'), "InputField 'a b': path must be dotted names"],
    [InputField.string('x'.repeat(65)), 'at most 64 characters'],
    [InputField.string('id', { pattern: 'tenant-?' }), "pattern 'tenant-?' may only use '*' as a wildcard; ? [ ] { } ! are not supported"],
    [InputField.string('id', { allowedValues: [] }), 'allowedValues must list at least one value'],
    [InputField.number('n', { minimum: Infinity }), 'minimum must be a finite number, got Infinity'],
    [InputField.number('n', { minimum: 3, maximum: 2 }), 'minimum 3 is greater than maximum 2'],
  ])('problems name the field and what is valid (%#)', (field, problem) => {
    expect(field.problems().join('\n')).toContain(problem);
  });

  test('duplicate fields are a problem of the validation', () => {
    expect(InputValidation.of([InputField.string('a'), InputField.number('a')]).problems()).toEqual(["InputField 'a' is declared twice"]);
  });
});
