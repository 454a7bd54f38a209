import { StateMachine } from './local-interpreter';

/**
 * aws-local-stepfunctions 3.0.0 gives each Parallel branch and Map iteration its own event logger and forwards its
 * events to the parent's logger with a `for await` loop, a few microtasks per event. The parent does not wait for
 * that loop: a long branch falls behind the parent's own states (a Catch target is logged before the branch's last
 * states), and whatever is still queued when the execution ends is dropped, because a closed logger drops events.
 *
 * An OrderedEventLog is passed in the run options (which the interpreter hands on to every nested run) and attaches to
 * every logger of the execution. It stamps each event with a sequence number when it is first dispatched, and holds
 * each logger open until the loggers of its branches and iterations have been forwarded into it to the end. `reorder` then yields the events in
 * the order they happened, and the log ends only when all of them have arrived.
 */
export class OrderedEventLog {
  private nextSequence = 0;

  /** Called for each logger as its execution starts: the root's first (no parent), then the nested ones. */
  public attach(logger: InterpreterEventLogger, parent: AttachedLogger | undefined): AttachedLogger {
    const attached: AttachedLogger = { openChildren: 0, closeRequested: false, closed: false, close: logger.close.bind(logger) };
    const dispatch = logger.dispatch.bind(logger);
    logger.dispatch = (event: LoggedEvent) => {
      if (logger.isLoggerClosed || (attached.closeRequested && event[SEQUENCE] === undefined)) {
        // What the interpreter would have dropped: an execution's own events after it ended.
        return;
      }
      // The forwarders drop a branch's ExecutionAborted/ExecutionTimeout, so those are not numbered (no gaps).
      if (event[SEQUENCE] === undefined && event.type !== 'ExecutionAborted' && event.type !== 'ExecutionTimeout') {
        event[SEQUENCE] = this.nextSequence++;
      }
      dispatch(event);
    };
    // A logger closes only once the events of its branches and iterations have all been forwarded into it.
    logger.close = () => {
      attached.closeRequested = true;
      closeWhenDrained(attached);
    };
    if (parent) {
      parent.openChildren += 1;
      const getEvents = logger.getEvents.bind(logger);
      logger.getEvents = async function* forwardedToTheEnd() {
        try {
          yield* getEvents();
        } finally {
          parent.openChildren -= 1;
          closeWhenDrained(parent);
        }
      };
    }
    return attached;
  }

  /** The root's events in the order they were first dispatched. */
  public async *reorder(events: AsyncIterable<LoggedEvent>): AsyncGenerator<LoggedEvent> {
    const held = new Map<number, LoggedEvent>();
    let expected = 0;
    for await (const event of events) {
      const sequence = event[SEQUENCE];
      if (sequence === undefined) {
        yield event;
        continue;
      }
      held.set(sequence, event);
      while (held.has(expected)) {
        const next = held.get(expected)!;
        held.delete(expected);
        expected += 1;
        yield next;
      }
    }
    // Only reached if an event was lost after all; keep what arrived, in order.
    for (const sequence of [...held.keys()].sort((a, b) => a - b)) {
      yield held.get(sequence)!;
    }
  }

}

interface AttachedLogger {
  openChildren: number;
  closeRequested: boolean;
  closed: boolean;
  readonly close: () => void;
}

function closeWhenDrained(attached: AttachedLogger): void {
  if (attached.closeRequested && attached.openChildren === 0 && !attached.closed) {
    attached.closed = true;
    attached.close();
  }
}

const SEQUENCE = Symbol('statecraft.eventSequence');
/** Run-option key naming the execution's own logger, which nested runs receive as their parent's. */
const PARENT_LOGGER = Symbol('statecraft.parentLogger');
/** Run-option key; object spread hands it on to the nested runs of Parallel branches and Map iterations. */
const ORDERED_EVENT_LOG = Symbol('statecraft.orderedEventLog');

type LoggedEvent = { type: string; [SEQUENCE]?: number };

interface InterpreterEventLogger {
  isLoggerClosed: boolean;
  dispatch(event: LoggedEvent): void;
  close(): void;
  getEvents(): AsyncGenerator<LoggedEvent>;
}

interface ExecuteOptions {
  eventLogger: InterpreterEventLogger;
  runOptions?: { [ORDERED_EVENT_LOG]?: OrderedEventLog; [PARENT_LOGGER]?: AttachedLogger };
}

/** Run options that attach `log` to every logger of the execution. */
export function withOrderedEventLog<T extends object>(runOptions: T, log: OrderedEventLog): T {
  return { ...runOptions, [ORDERED_EVENT_LOG]: log };
}

// StateMachine.execute(input, options, cleanup) is where each (root or nested) execution gets its logger, and it runs
// synchronously up to its first await, before run() calls getEvents() on that logger.
const prototype = StateMachine.prototype as unknown as { execute(input: unknown, options: ExecuteOptions, cleanup: () => void): Promise<unknown> };
if (typeof prototype.execute !== 'function') {
  throw new Error('aws-local-stepfunctions has no StateMachine.execute; @statecraft/testing needs version 3.0.0');
}
const execute = prototype.execute;
prototype.execute = function executeWithOrderedEventLog(input, options, cleanup) {
  const runOptions = options.runOptions;
  const log = runOptions?.[ORDERED_EVENT_LOG];
  if (runOptions && log) {
    // runOptions is this execution's own copy (run() spreads it), and the Parallel and Map states pass it to the runs
    // of their branches and iterations: there PARENT_LOGGER still names this execution's logger when they start.
    runOptions[PARENT_LOGGER] = log.attach(options.eventLogger, runOptions[PARENT_LOGGER]);
  }
  return execute.call(this, input, options, cleanup);
};
