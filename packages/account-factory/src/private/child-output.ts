import { StartProcessExecutionProps } from '@statecraft/process-orchestration';

/**
 * Where a parent keeps a child execution's output unless it says otherwise: `{ output }` at `$.<key>`, the same
 * for a JSONPath task (`resultSelector`, `resultPath`) and a JSONata one (`outputs`).
 */
export function childOutputAt(key: string): StartProcessExecutionProps {
  return {
    resultSelector: { 'output.$': '$.Output' },
    resultPath: `$.${key}`,
    outputs: `{% $merge([$states.input, {"${key}": {"output": $states.result.Output}}]) %}`,
  };
}
