/*
 * What a Task state's events and context name: its resource type and name, its region, its task token.
 */

/** Fixed token for a state: `$$.Task.Token` and the mock's `call.taskToken`. */
export function taskTokenFor(executionName: string, stateName: string): string {
  return `statecraft-token:${executionName}:${stateName}`;
}

/** `arn:aws:states:::lambda:invoke` -> ['lambda', 'invoke'], as the Task events name it. */
export function splitResource(resource: string): [string, string] {
  const match = /^arn:[^:]+:states:::(?:aws-sdk:)?([^:]+):(.+)$/.exec(resource);
  if (match) {
    return [match[1], match[2]];
  }
  const lambda = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:(.+)$/.exec(resource);
  return lambda ? ['lambda', lambda[1]] : ['unknown', resource];
}

/** The region of an ARN (`arn:aws:states:us-east-1:...`), as TaskScheduled events report it. */
export function regionOf(arn: string): string {
  return arn.split(':')[3] ?? 'us-east-1';
}
