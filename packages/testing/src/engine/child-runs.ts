import type { AslState, AslStateMachine } from '../asl-types';
import { ExecutionRequest, RunCheckpoint } from './engine-types';
import { HistoryRecorder } from './execution-history';
import { JsonataBindings, evaluateJsonataTemplate } from './jsonata-expression';
import { evaluateNested, mapItems, mapNumber, selectItem } from './map-inputs';
import { PathScope } from './path-scope';
import { evaluatePayloadTemplate } from './payload-template';
import { BranchAborted, ChildFailure, StateFailure } from './run-failures';
import { RunScope } from './run-scope';
import type { Inspection } from './state-step';
import { VirtualScheduler } from './virtual-scheduler';

/** What running branches and iterations needs from the engine: its clock, its request, and running a list of states. */
export interface ChildRunHost {
  readonly scheduler: VirtualScheduler;
  readonly request: ExecutionRequest;
  runStates(machine: AslStateMachine, input: unknown, scope: RunScope, redrive?: RunCheckpoint): Promise<unknown>;
  /** TestState: a Map's or Parallel's mocked result (or error) stands for running its branches or iterations. */
  substituteResult(stateName: string): Promise<{ used: boolean; result?: unknown }>;
}

/**
 * The language of a branch's or iteration's states that declare none: the state machine's top-level QueryLanguage,
 * not the enclosing Parallel's or Map's ("State machine structure": when the top level omits QueryLanguage, "the
 * default value for each state is JSONPath"; a state overrides it only by declaring its own).
 */
function defaultLanguage(host: ChildRunHost): RunScope['language'] {
  return host.request.definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
}

/** Runs a Parallel state's branches side by side; the first failure aborts the others ("Parallel workflow state"). */
export async function runParallel(
  host: ChildRunHost, name: string, state: AslState, input: unknown, scope: RunScope,
  children: ReadonlyArray<RunCheckpoint | undefined> | undefined, enteredId: number,
): Promise<unknown[]> {
  const substitute = await host.substituteResult(name);
  if (substitute.used) {
    return substitute.result as unknown[];
  }
  const branches = state.Branches ?? [];
  scope.lastEventId = scope.history.add('ParallelStateStarted', host.scheduler.now, scope.lastEventId);
  void enteredId;
  const abort = { aborted: false };
  const checkpoints: Array<RunCheckpoint | undefined> = branches.map(() => undefined);
  let firstFailure: StateFailure | undefined;
  const outputs = await host.scheduler.join(Promise.all(branches.map((branch, index) => host.scheduler.spawn(async () => {
    const branchScope: RunScope = {
      variables: { ...scope.variables },
      language: defaultLanguage(host),
      mapItem: scope.mapItem,
      iterationIndex: scope.iterationIndex,
      abort,
      lastEventId: scope.lastEventId,
      history: scope.history,
      execution: scope.execution,
    };
    try {
      const output = await host.runStates(branch, input, branchScope, children?.[index]);
      checkpoints[index] = { succeeded: true, output };
      return output;
    } catch (error) {
      if (error instanceof StateFailure) {
        checkpoints[index] = error.checkpoint;
        if (!firstFailure) {
          firstFailure = error;
          abort.aborted = true;
        }
        return undefined;
      }
      const checkpoint = (error as { checkpoint?: RunCheckpoint }).checkpoint;
      if (error instanceof BranchAborted) {
        checkpoints[index] = checkpoint;
        return undefined;
      }
      checkpoints[index] = checkpoint;
      throw error;
    }
  }))).catch((error) => {
    throw Object.assign(error as Error, { checkpoint: { succeeded: false, children: checkpoints } });
  }));
  if (firstFailure) {
    scope.lastEventId = scope.history.add('ParallelStateFailed', host.scheduler.now, scope.lastEventId, 'stateFailedEventDetails', {});
    throw new ChildFailure(firstFailure.error, firstFailure.failureCause, checkpoints);
  }
  scope.lastEventId = scope.history.add('ParallelStateSucceeded', host.scheduler.now, scope.lastEventId);
  return outputs;
}

/**
 * Runs a Map state's iterations, at most MaxConcurrency at a time; a failure beyond the tolerated threshold aborts the
 * rest ("Map workflow state", "Setting failure thresholds for Distributed Map states").
 */
export async function runMap(
  host: ChildRunHost, name: string, state: AslState, input: unknown, scope: RunScope, context: Record<string, unknown>,
  children: ReadonlyArray<RunCheckpoint | undefined> | undefined, enteredId: number, bindings?: JsonataBindings,
  inspection?: Inspection,
): Promise<unknown> {
  void enteredId;
  if (state.ItemReader) {
    // TestState's mocked result stands for the whole Map Run, reading included.
    const substitute = await host.substituteResult(name);
    if (substitute.used) {
      return substitute.result;
    }
  }
  const pathScope: PathScope = { input, context, variables: scope.variables };
  const distributed = (state.ItemProcessor?.ProcessorConfig?.Mode ?? 'INLINE') === 'DISTRIBUTED';
  const items = await mapItems(name, state, pathScope, bindings, host.request.distributedMap);
  const selectorTemplate = state.ItemSelector ?? state.Parameters;
  const batcher = state.ItemBatcher as Record<string, unknown> | undefined;
  let iterationItems: Array<{ value: unknown; input: unknown; index: number }>;
  const itemContext = (index: number, value: unknown): Record<string, unknown> => ({ ...context, Map: { Item: { Index: index, Value: value } } });
  if (batcher) {
    const maxItems = await mapNumber(state, batcher, 'MaxItemsPerBatch', pathScope, bindings) ?? items.length;
    const batchInput = batcher.BatchInput !== undefined
      ? (bindings ? await evaluateJsonataTemplate(batcher.BatchInput, 'ItemBatcher.BatchInput', bindings) : evaluatePayloadTemplate(batcher.BatchInput, pathScope))
      : undefined;
    iterationItems = [];
    for (let start = 0, index = 0; start < items.length; start += Math.max(1, maxItems), index++) {
      const batch = items.slice(start, start + Math.max(1, maxItems));
      const selected: unknown[] = [];
      for (let i = 0; i < batch.length; i++) {
        selected.push(await selectItem(selectorTemplate, input, itemContext(start + i, batch[i]), scope.variables, batch[i], bindings));
      }
      // "ItemBatcher (Map)": each child gets { "BatchInput": ..., "Items": [...] }.
      const batchedInput = batchInput === undefined ? { Items: selected } : { BatchInput: batchInput, Items: selected };
      iterationItems.push({ value: batch, index, input: batchedInput });
    }
  } else {
    iterationItems = [];
    for (let index = 0; index < items.length; index++) {
      const selected = await selectItem(selectorTemplate, input, itemContext(index, items[index]), scope.variables, items[index], bindings);
      iterationItems.push({ value: items[index], index, input: selected });
    }
  }
  const maxConcurrency = await mapNumber(state, state as Record<string, unknown>, 'MaxConcurrency', pathScope, bindings) ?? 0;
  const toleratedCount = await mapNumber(state, state as Record<string, unknown>, 'ToleratedFailureCount', pathScope, bindings);
  const toleratedPercentage = await mapNumber(state, state as Record<string, unknown>, 'ToleratedFailurePercentage', pathScope, bindings, true);
  const tolerant = toleratedCount !== undefined || toleratedPercentage !== undefined;
  if (inspection) {
    // TestState's InspectionData: afterItemsPath (JSONPath only), afterItemSelector, afterItemBatcher and the settings.
    if (!bindings) inspection.afterItemsPath = items;
    inspection.afterItemSelector = batcher
      ? iterationItems.flatMap((batch) => (batch.input as { Items: unknown[] }).Items)
      : iterationItems.map((item) => item.input);
    if (batcher) inspection.afterItemBatcher = iterationItems.map((batch) => batch.input);
    inspection.toleratedFailureCount = toleratedCount;
    inspection.toleratedFailurePercentage = toleratedPercentage;
    inspection.maxConcurrency = state.MaxConcurrency !== undefined || state.MaxConcurrencyPath !== undefined ? maxConcurrency : undefined;
  }
  if (!state.ItemReader) {
    // TestState: the mocked result stands for the iterations, after the Map's input processing above.
    const substitute = await host.substituteResult(name);
    if (substitute.used) {
      return substitute.result;
    }
  }
  const processor = (state.ItemProcessor ?? state.Iterator)!;
  const processorLanguage = defaultLanguage(host);

  // A Distributed Map's parent history has MapRunStarted and MapRunSucceeded/Failed; its iterations are child executions.
  const iterationHistory = distributed ? CHILD_EXECUTION_HISTORY : scope.history;
  scope.lastEventId = distributed
    ? scope.history.add('MapRunStarted', host.scheduler.now, scope.lastEventId, 'mapRunStartedEventDetails', { mapRunArn: `${name}` })
    : scope.history.add('MapStateStarted', host.scheduler.now, scope.lastEventId, 'mapStateStartedEventDetails', { length: iterationItems.length });
  const total = iterationItems.length;
  const outputs: unknown[] = new Array(total);
  const checkpoints: Array<RunCheckpoint | undefined> = new Array(total).fill(undefined);
  const failures: Array<{ index: number; failure: StateFailure }> = [];
  const abort = { aborted: false };
  let nextIndex = 0;
  let firstFailure: StateFailure | undefined;
  const exceeded = () => {
    if (!tolerant) {
      return failures.length > 0;
    }
    const overCount = toleratedCount !== undefined && failures.length > toleratedCount;
    const overPercentage = toleratedPercentage !== undefined && total > 0 && (failures.length / total) * 100 > toleratedPercentage;
    return overCount || overPercentage || (toleratedCount === undefined && toleratedPercentage === undefined);
  };
  const iteration = async (position: number) => {
    const item = iterationItems[position];
    const iterationScope: RunScope = {
      // A Distributed Map's child executions do not see the parent's variables.
      variables: distributed ? {} : { ...scope.variables },
      language: processorLanguage,
      mapItem: { Index: item.index, Value: item.value },
      iterationIndex: item.index,
      abort,
      lastEventId: scope.lastEventId,
      // A Distributed Map runs each iteration as a child execution, with its own history and transitions.
      history: distributed ? CHILD_EXECUTION_HISTORY : scope.history,
      execution: distributed ? { transitions: 1 } : scope.execution,
    };
    const startedId = iterationHistory.add('MapIterationStarted', host.scheduler.now, scope.lastEventId, 'mapIterationStartedEventDetails', { name, index: item.index });
    if (!distributed) {
      // An iteration's first state follows its MapIterationStarted (a child execution's starts its own history).
      iterationScope.lastEventId = startedId;
    }
    try {
      outputs[position] = await host.runStates(processor, item.input, iterationScope, children?.[position]);
      checkpoints[position] = { succeeded: true, output: outputs[position] };
      iterationHistory.add('MapIterationSucceeded', host.scheduler.now, iterationScope.lastEventId, 'mapIterationSucceededEventDetails', { name, index: item.index });
    } catch (error) {
      if (error instanceof StateFailure) {
        checkpoints[position] = error.checkpoint;
        failures.push({ index: position, failure: error });
        outputs[position] = { Error: error.error, Cause: error.failureCause };
        iterationHistory.add('MapIterationFailed', host.scheduler.now, iterationScope.lastEventId, 'mapIterationFailedEventDetails', { name, index: item.index });
        if (exceeded() && !firstFailure) {
          firstFailure = error;
          abort.aborted = true;
        }
        return;
      }
      checkpoints[position] = (error as { checkpoint?: RunCheckpoint }).checkpoint;
      if (error instanceof BranchAborted) {
        iterationHistory.add('MapIterationAborted', host.scheduler.now, iterationScope.lastEventId, 'mapIterationAbortedEventDetails', { name, index: item.index });
        return;
      }
      throw error;
    }
  };
  const worker = async () => {
    while (nextIndex < total && !abort.aborted && !host.scheduler.stoppedWith) {
      const position = nextIndex++;
      await iteration(position);
    }
  };
  const workers = Math.min(total, maxConcurrency > 0 ? maxConcurrency : total);
  await host.scheduler.join(Promise.all(Array.from({ length: workers }, () => host.scheduler.spawn(worker)))).catch((error) => {
    throw Object.assign(error as Error, { checkpoint: { succeeded: false, children: checkpoints } });
  });
  if (firstFailure) {
    scope.lastEventId = scope.history.add(distributed ? 'MapRunFailed' : 'MapStateFailed', host.scheduler.now, scope.lastEventId);
    // A Distributed Map's Map Run fails once its failures pass the threshold, which is 0 when none is set, and the
    // Map state then fails with States.ExceedToleratedFailureThreshold ("Setting failure thresholds for Distributed
    // Map states in Step Functions"); an inline Map without a threshold fails with its first iteration's error.
    if (tolerant || distributed) {
      throw new ChildFailure('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded', checkpoints);
    }
    throw new ChildFailure(firstFailure.error, firstFailure.failureCause, checkpoints);
  }
  scope.lastEventId = scope.history.add(distributed ? 'MapRunSucceeded' : 'MapStateSucceeded', host.scheduler.now, scope.lastEventId);
  const writer = state.ResultWriter as Record<string, unknown> | undefined;
  if (writer && host.request.distributedMap?.writeResults) {
    const mapRunArn = `${host.request.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${name}:${host.request.executionName}`;
    const failedSet = new Set(failures.map((f) => f.index));
    const evaluatedWriter = await evaluateNested(writer, pathScope, bindings, 'ResultWriter');
    return host.request.distributedMap.writeResults(name, evaluatedWriter, mapRunArn, {
      succeeded: iterationItems
        .map((item, position) => ({ index: item.index, input: item.input, output: outputs[position], position }))
        .filter((item) => !failedSet.has(item.position))
        .map(({ index, input: itemInput, output }) => ({ index, input: itemInput, output })),
      failed: failures.map(({ index, failure }) => ({
        index: iterationItems[index].index, input: iterationItems[index].input, error: failure.error, cause: failure.failureCause,
      })),
    });
  }
  return outputs;
}

/** A Distributed Map's child executions record their own histories, which are not part of the parent's. */
const CHILD_EXECUTION_HISTORY = new HistoryRecorder(0, false);
