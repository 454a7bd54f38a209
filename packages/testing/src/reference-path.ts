import { UnsupportedFeatureError } from './errors';

/**
 * Reads an ASL reference path (`$.a.b[0]`, `$['a b']`) from a JSON value. Reference paths are the restricted JSONPath the
 * States Language allows in SecondsPath/TimestampPath (no wildcards or filters), so this small reader is the whole spec.
 */
export function readReferencePath(path: string, value: unknown): unknown {
  if (!path.startsWith('$')) {
    throw new UnsupportedFeatureError(`'${path}' is not a reference path (must start with $)`);
  }
  const steps = path.slice(1).match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\]/g) ?? [];
  if (steps.join('') !== path.slice(1)) {
    throw new UnsupportedFeatureError(`'${path}' is not a reference path (no wildcards, filters or slices)`);
  }
  let current: unknown = value;
  for (const step of steps) {
    const key = step.startsWith('.') ? step.slice(1) : step.startsWith('[\'') || step.startsWith('["') ? step.slice(2, -2) : Number(step.slice(1, -1));
    current = current === null || typeof current !== 'object' ? undefined : (current as Record<string | number, unknown>)[key];
  }
  return current;
}
