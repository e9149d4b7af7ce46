// The run loop: a simulated clock in integer milliseconds over the event queue.
// Like SimPy's core it refuses to go back in time, and an exception thrown by an
// event stops the run (it propagates to the caller) rather than failing silently.
import { EventQueue, type EventCallback, type EventHandle } from './event-queue.js';

export class Simulator {
  private readonly queue = new EventQueue();
  private clock = 0;
  private processed = 0;

  /** Simulated time in ms. */
  now(): number {
    return this.clock;
  }

  /** Events run so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events scheduled and not yet run. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Schedules `fn(arg)` at now + delayMs (rounded to whole ms; negative delays are an error).
   * @throws RangeError when delayMs is negative or not finite.
   */
  schedule(delayMs: number, fn: EventCallback, arg?: unknown, priority = 0): EventHandle {
    // (the throw is in a function of its own so that this one stays small enough to inline)
    if (!(delayMs >= 0 && delayMs < Infinity)) badDelay(delayMs);
    return this.queue.push(this.clock + Math.round(delayMs), fn, arg, priority);
  }

  /** Schedules at an absolute time (>= now). */
  scheduleAt(timeMs: number, fn: EventCallback, arg?: unknown, priority = 0): EventHandle {
    if (!(timeMs >= this.clock) || !Number.isFinite(timeMs)) {
      throw new RangeError(`scheduleAt: time must be finite and >= now (${this.clock}), got ${timeMs}`);
    }
    return this.queue.push(Math.round(timeMs), fn, arg, priority);
  }

  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Time of the next event, or Infinity. */
  nextEventTime(): number {
    return this.queue.peekTime();
  }

  /** Runs the next event, if any. Returns false when the queue is empty. */
  step(): boolean {
    const q = this.queue;
    const slot = q.pop();
    if (slot < 0) return false;
    this.clock = q.timeOf(slot);
    const arg = q.argOf(slot);
    const fn = q.take(slot);
    this.processed++;
    fn(arg);
    return true;
  }

  /**
   * Runs every event with time <= t, then sets the clock to t.
   * @throws RangeError when t is before now.
   */
  runUntil(t: number): void {
    if (!(t >= this.clock)) throw new RangeError(`runUntil: ${t} is before now (${this.clock})`);
    this.runThrough(t);
    this.clock = t;
  }

  /** Runs events until none are left (beware of self-perpetuating schedules). */
  runUntilIdle(): void {
    this.runThrough(Infinity);
  }

  /** The run loop: each event with time <= limit, in order, one `pop` each (no peek first). */
  private runThrough(limit: number): void {
    const q = this.queue;
    for (;;) {
      const slot = q.pop(limit);
      if (slot < 0) return;
      this.clock = q.timeOf(slot);
      const arg = q.argOf(slot);
      const fn = q.take(slot);
      this.processed++;
      fn(arg);
    }
  }
}

function badDelay(delayMs: number): never {
  throw new RangeError(`schedule: delay must be a finite number >= 0, got ${delayMs}`);
}
