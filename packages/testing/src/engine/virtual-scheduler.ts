/**
 * A deterministic virtual clock for concurrent branches. Every branch (the execution, a Parallel branch, a Map
 * iteration) is a fiber; a fiber that waits on the clock (Wait state, retry interval, task duration) sleeps until a
 * virtual time. Time moves only when no fiber is running: then the earliest sleeper (ties in the order they slept)
 * wakes. Async mocks may await anything meanwhile: their fiber counts as running, so the clock holds still. Nothing
 * really sleeps.
 */
export class VirtualScheduler {
  private time = 0;
  private running = 0;
  private sequence = 0;
  /** Fibers asleep until `at`, and timers (`fiber: false`) that fire at `at` without being a fiber. */
  private readonly sleepers: Array<{ at: number; order: number; wake: () => void; fiber: boolean }> = [];
  private checkPending = false;
  private stopped?: Error;

  /** Called when the clock is about to move past a limit; return an error to stop every fiber with it. */
  constructor(private readonly onAdvance: (to: number) => Error | undefined = () => undefined) {}

  /** Virtual seconds since the start. */
  public get now(): number {
    return this.time;
  }

  /** Starts a fiber: `body` runs now, counted as running until it settles. */
  public async spawn<T>(body: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await body();
    } finally {
      this.release();
    }
  }

  /** Waits for other fibers (a Parallel's branches, a Map's iterations) without holding the clock. */
  public async join<T>(work: Promise<T>): Promise<T> {
    this.release();
    try {
      return await work;
    } finally {
      this.running += 1;
    }
  }

  /** Sleeps `seconds` of virtual time. Zero (or less) returns at once. */
  public async sleep(seconds: number): Promise<void> {
    if (this.stopped) {
      throw this.stopped;
    }
    if (!(seconds > 0)) {
      return;
    }
    const at = this.time + seconds;
    if (this.running === 1 && this.sleepers.every((sleeper) => sleeper.at > at)) {
      // The only running fiber, and nobody wakes earlier: the clock can jump now, without a trip round the event loop.
      const limit = this.onAdvance(at);
      if (limit) {
        this.stop(limit);
        throw limit;
      }
      this.time = at;
      return;
    }
    await new Promise<void>((wake) => {
      this.sleepers.push({ at, order: this.sequence++, wake, fiber: true });
      this.release();
    });
    if (this.stopped) {
      throw this.stopped;
    }
  }

  /** Calls `fire` when the clock reaches `at` (the execution's TimeoutSeconds): a timer, not a fiber. */
  public timer(at: number, fire: () => void): void {
    this.sleepers.push({ at, order: this.sequence++, wake: fire, fiber: false });
  }

  /** Stops the run: every sleeping fiber wakes and throws `error`, later sleeps throw it too; timers are dropped. */
  public stop(error: Error): void {
    this.stopped ??= error;
    const sleepers = this.sleepers.splice(0);
    for (const sleeper of sleepers) {
      if (sleeper.fiber) {
        this.running += 1;
        sleeper.wake();
      }
    }
  }

  public get stoppedWith(): Error | undefined {
    return this.stopped;
  }

  private release(): void {
    this.running -= 1;
    // With no fiber running or asleep the run is over: a timer left (the execution's TimeoutSeconds) has nothing to stop.
    if (this.running === 0 && this.sleepers.length > 0 && !this.checkPending && this.hasSleepingFiber()) {
      this.checkPending = true;
      // One macrotask: every promise continuation already queued (a Map starting its next iteration) runs first.
      setImmediate(() => this.advance());
    }
  }

  private hasSleepingFiber(): boolean {
    for (const sleeper of this.sleepers) {
      if (sleeper.fiber) return true;
    }
    return false;
  }

  private advance(): void {
    this.checkPending = false;
    if (this.running > 0 || this.sleepers.length === 0) {
      return;
    }
    let earliest = 0;
    for (let i = 1; i < this.sleepers.length; i++) {
      const a = this.sleepers[i];
      const b = this.sleepers[earliest];
      if (a.at < b.at || (a.at === b.at && a.order < b.order)) {
        earliest = i;
      }
    }
    const next = this.sleepers[earliest];
    const limit = this.onAdvance(next.at);
    if (limit) {
      this.stop(limit);
      return;
    }
    this.sleepers.splice(earliest, 1);
    this.time = Math.max(this.time, next.at);
    if (next.fiber) {
      this.running += 1;
    }
    next.wake();
  }
}
