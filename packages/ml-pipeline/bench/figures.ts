/** What the benchmarks share: the Standard price, the size of a definition, and printing a table of figures. */
import { WorkflowDefinition } from '@statecraft/testing';

/** Standard workflows: USD 0.025 per 1,000 state transitions (us-east-1, after the free tier). */
export const PRICE_PER_TRANSITION = 0.025 / 1000;

/** States in a definition, nested ones (Parallel branches, Map processors) included. */
export function stateCount(asl: any): number {
  return Object.values<any>(asl.States ?? {}).reduce((total, state) => total + 1
    + (state.Branches ?? []).reduce((sum: number, branch: any) => sum + stateCount(branch), 0)
    + (state.ItemProcessor ?? state.Iterator ? stateCount(state.ItemProcessor ?? state.Iterator) : 0), 0);
}

/** The definition's states and its size as deployed (JSON text). */
export function definitionRows(label: string, definition: WorkflowDefinition): Array<[string, string]> {
  return [
    [`${label}: states in the definition`, String(stateCount(definition.asl))],
    ['  definition bytes', String(JSON.stringify(definition.asl).length)],
  ];
}

/** Prints `label  value` rows, the values aligned. */
export function printRows(rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) {
    console.log(`${label.padEnd(width)}  ${value}`);
  }
}
