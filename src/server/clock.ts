// The server's clock: `manual` (the simulated clock moves only when told to, so the same requests
// give the same bytes) or `realtime[:SPEED]` (simulated time follows the wall clock × SPEED). The
// wall clock is read through the function given here (the CLI passes performance.now, the one place
// it is read): the engine only ever sees simulated times.

export type ClockMode = { readonly mode: 'manual' } | { readonly mode: 'realtime'; readonly speed: number };

/** Parses `manual`, `realtime` or `realtime:SPEED` (SPEED a positive number). @throws RangeError. */
export function parseClock(text: string): ClockMode {
  if (text === 'manual') return { mode: 'manual' };
  const m = /^realtime(?::(.+))?$/.exec(text);
  if (m) {
    const speed = m[1] === undefined ? 1 : Number(m[1]);
    if (Number.isFinite(speed) && speed > 0) return { mode: 'realtime', speed };
    throw new RangeError(`realtime:SPEED needs a positive number, got ${JSON.stringify(m[1])}`);
  }
  throw new RangeError(`expected manual, realtime or realtime:SPEED, got ${JSON.stringify(text)}`);
}

/** Where the simulated clock should be when the next request is applied. */
export class ServerClock {
  private wallStart: number;
  /** Simulated ms added by `advance` calls (and where the clock was at the last restart). */
  private offset = 0;

  constructor(
    readonly mode: ClockMode,
    /** Wall-clock ms; needed for realtime only. */
    private readonly wall: () => number = () => 0,
  ) {
    this.wallStart = wall();
  }

  /** The simulated time (whole ms) for a request arriving now, never before `now`. */
  target(now: number): number {
    if (this.mode.mode === 'manual') return now;
    const t = Math.floor(this.offset + (this.wall() - this.wallStart) * this.mode.speed);
    return Math.max(now, t);
  }

  /** In realtime, an `advance` jumps ahead of the wall clock by the same amount from then on. */
  advancedTo(from: number, to: number): void {
    if (this.mode.mode === 'realtime') this.offset += to - from;
  }

  /** The simulated clock went back to 0 (reset): realtime counts from now. */
  restart(): void {
    this.wallStart = this.wall();
    this.offset = 0;
  }
}
