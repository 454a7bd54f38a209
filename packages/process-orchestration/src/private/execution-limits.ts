import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ValidationErrors } from '../validation-errors';

/** The longest executions (Step Functions Developer Guide, "Step Functions service quotas": one year, five minutes). */
const STANDARD_MAX_DURATION = Duration.days(365);
const EXPRESS_MAX_DURATION = Duration.minutes(5);

/** Records an error when `timeout` is out of the range the workflow type allows. */
export function validateTimeout(errors: ValidationErrors, type: sfn.StateMachineType | undefined, timeout: Duration | undefined): void {
  if (timeout === undefined) {
    return;
  }
  const express = type === sfn.StateMachineType.EXPRESS;
  const max = express ? EXPRESS_MAX_DURATION : STANDARD_MAX_DURATION;
  const seconds = timeout.toSeconds();
  errors.addIf(seconds < 1 || seconds > max.toSeconds(), 'timeout',
    `${timeout.toHumanString()} is out of range: ${express ? 'EXPRESS' : 'STANDARD'} executions allow 1 second to ${max.toHumanString()}`);
}

/** Resource suffixes of the integration patterns Express workflows do not support (`.sync`, `.waitForTaskToken`). */
const CALLBACK_SUFFIXES = ['.sync', '.sync:2', '.waitForTaskToken'];

/**
 * Records an error when an EXPRESS workflow holds a task it cannot run: Express workflows support only the
 * Request Response pattern (Step Functions Developer Guide, "Choosing workflow type": Express does not support
 * `.sync` or `.waitForTaskToken`). `states` are the workflow's states, nested ones included.
 */
export function validateExpressIntegrations(errors: ValidationErrors, type: sfn.StateMachineType | undefined, states: sfn.State[]): void {
  if (type !== sfn.StateMachineType.EXPRESS) {
    return;
  }
  const offending = states.filter(isCallbackTask).map((state) => state.stateId);
  errors.addIf(offending.length > 0, 'stateMachineType',
    `EXPRESS workflows cannot run .sync or .waitForTaskToken tasks, found: ${offending.join(', ')}. Use STANDARD, or the REQUEST_RESPONSE integration pattern`);
}

/** A Task (built with aws-cdk-lib's task classes or as a CustomState) whose resource uses `.sync` or `.waitForTaskToken`. */
function isCallbackTask(state: sfn.State): boolean {
  const json = state.toStateJson() as { Type?: string; Resource?: unknown };
  const resource = json.Resource;
  return json.Type === 'Task' && typeof resource === 'string' && CALLBACK_SUFFIXES.some((suffix) => resource.endsWith(suffix));
}
