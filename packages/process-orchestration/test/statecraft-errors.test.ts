import { Stack } from 'aws-cdk-lib';
import { StatecraftErrors, ValidationErrors } from '../src';

describe('StatecraftErrors', () => {
  test('every constant is a Statecraft.<PascalCase> name', () => {
    const names = [StatecraftErrors.INVALID_INPUT, StatecraftErrors.SAGA_FAILED, StatecraftErrors.COMPENSATION_FAILED,
      StatecraftErrors.APPROVAL_REJECTED, StatecraftErrors.APPROVAL_TIMED_OUT, StatecraftErrors.NESTED_EXECUTION_FAILED,
      StatecraftErrors.PROCESS_FAILED, StatecraftErrors.SCHEDULED_START_FAILED, StatecraftErrors.FAN_OUT_FAILED, StatecraftErrors.EXECUTION_ABORTED];
    expect(names.every((name) => StatecraftErrors.isStatecraftError(name))).toBe(true);
    expect(StatecraftErrors.INVALID_INPUT).toBe('Statecraft.InvalidInput');
    expect(new Set(names).size).toBe(names.length);
  });

  test('named() builds a name for a domain package and refuses anything else', () => {
    expect(StatecraftErrors.named('AccountCreationFailed')).toBe('Statecraft.AccountCreationFailed');
    expect(() => StatecraftErrors.named('bad name')).toThrow("StatecraftErrors.named: 'bad name' must be PascalCase");
    expect(StatecraftErrors.isStatecraftError('States.TaskFailed')).toBe(false);
  });
});

describe('ValidationErrors', () => {
  test('collects problems and throws once, naming the construct path and each prop', () => {
    const stack = new Stack(undefined, 'S');
    const errors = new ValidationErrors(stack);
    errors.throwIfAny();
    errors.add('timeout', 'must be positive');
    errors.addIf(false, 'never', 'not added');
    errors.addIf(true, 'name', "'x y' has a space");
    expect(errors.count).toBe(2);
    expect(errors.messages).toEqual(['timeout: must be positive', "name: 'x y' has a space"]);
    expect(() => errors.throwIfAny()).toThrow("Invalid props for S (2 problems)\n  - timeout: must be positive\n  - name: 'x y' has a space");
  });
});
