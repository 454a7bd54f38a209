import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Every state of a workflow, the states of Parallel branches and Map item processors included, found by walking the
 * state graph from its start (transitions, Choice rules and Catch handlers), before anything is synthesized.
 */
export function allStatesOf(start: sfn.State): sfn.State[] {
  const found = new Set<sfn.State>();
  const visit = (from: sfn.State) => {
    for (const state of sfn.State.findReachableStates(from, { includeErrorHandlers: true })) {
      if (!found.has(state)) {
        found.add(state);
        childStartsOf(state).forEach(visit);
      }
    }
  };
  visit(start);
  return [...found];
}

/**
 * The start states of a state's sub-workflows: a Parallel's branches, a Map's item processor. aws-cdk-lib keeps them
 * in members with no public reader: `State` declares `branches`, `iteration` and `processor` protected for its
 * subclasses, and a Parallel holds its branches in `_branches` until it is bound to a state machine.
 */
function childStartsOf(state: sfn.State): sfn.State[] {
  const members = state as unknown as {
    _branches?: sfn.IChainable[]; branches?: sfn.StateGraph[]; iteration?: sfn.StateGraph; processor?: sfn.StateGraph;
  };
  const graphs = [...(members.branches ?? []), members.iteration, members.processor].filter((graph): graph is sfn.StateGraph => graph !== undefined);
  return [...(members._branches ?? []).map((branch) => branch.startState), ...graphs.map((graph) => graph.startState)];
}
