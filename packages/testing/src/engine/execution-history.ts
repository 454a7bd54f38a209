/**
 * The execution history Step Functions records (GetExecutionHistory, `HistoryEvent` in the Step Functions API reference):
 * each event has an `id`, the `previousEventId` it follows, a `timestamp`, a `type` (ExecutionStarted, TaskStateEntered,
 * TaskScheduled, TaskStarted, TaskSucceeded, TaskStateExited, MapIterationStarted, ...) and one `...EventDetails` member.
 * Standard executions fail past 25,000 events ("Step Functions service quotas"), so a test can count them.
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** AWS's quota on the events of one Standard execution's history. */
export const MAX_HISTORY_EVENTS = 25_000;

interface PendingEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly at: number;
  readonly type: string;
  readonly detailsKey?: string;
  readonly details?: Record<string, unknown>;
}

/** Payload fields are rendered as JSON strings, as the API returns them with `includeExecutionData`. */
const PAYLOAD_FIELDS = new Set(['input', 'output', 'parameters']);

export class HistoryRecorder {
  private readonly pending: PendingEvent[] = [];

  /** @param keep false for a recorder that counts nothing (a child execution's history the parent does not hold) */
  constructor(private readonly startMillis: number, private readonly keep = true) {}

  public get count(): number {
    return this.pending.length;
  }

  /** Records an event at virtual second `at`, after `previousEventId`; returns its id. */
  public add(type: string, at: number, previousEventId: number, detailsKey?: string, details?: Record<string, unknown>): number {
    if (!this.keep) {
      return 0;
    }
    const id = this.pending.length + 1;
    // Kept as given and rendered only when read: most tests never look at the history.
    this.pending.push({ id, previousEventId, at, type, detailsKey, details });
    return id;
  }

  /** The events with their payloads rendered, in the order they happened. */
  public render(): HistoryEvent[] {
    return this.pending.map((event) => ({
      timestamp: new Date(this.startMillis + event.at * 1000).toISOString(),
      type: event.type,
      id: event.id,
      previousEventId: event.previousEventId,
      ...(event.detailsKey ? { [event.detailsKey]: renderDetails(event.details ?? {}) } : {}),
    }));
  }
}

function renderDetails(details: Record<string, unknown>): Record<string, unknown> {
  const inner: Record<string, unknown> = {};
  for (const [field, fieldValue] of Object.entries(details)) {
    if (fieldValue === undefined) {
      continue;
    }
    if (PAYLOAD_FIELDS.has(field)) {
      inner[field] = JSON.stringify(fieldValue);
      inner[`${field}Details`] = { truncated: false };
    } else {
      inner[field] = fieldValue;
    }
  }
  return inner;
}
