// Named random streams derived from one seed. Each stream is its own seedrandom generator
// (Alea: fast, small state, serialisable), so drawing more numbers in one stream never shifts
// another: a scenario can change its placement strategy and keep identical arrivals.
import seedrandom from 'seedrandom';

interface AleaPrng {
  (): number;
  int32(): number;
  state(): object;
}

/** One named, seeded stream of uniform numbers. */
export class RandomStream {
  private readonly prng: AleaPrng;

  constructor(
    readonly name: string,
    seed: string,
    state?: object,
  ) {
    this.prng = (
      seedrandom.alea as unknown as (seed: string, opts: { state: boolean | object }) => AleaPrng
    )(seed, { state: state ?? true });
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32. */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** Uniform unsigned 32-bit integer. */
  uint32(): number {
    return this.prng.int32() >>> 0;
  }

  /** Exponential variate with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.prng()) * mean;
  }

  /** Standard normal variate (Box–Muller; draws two numbers). */
  normal(): number {
    const u = 1 - this.prng();
    const v = this.prng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A snapshot of the generator state, for invariant checks and replay. */
  state(): object {
    return this.prng.state();
  }
}

/** Derives independent named streams from one seed; a stream is created on first use. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: string) {}

  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new RandomStream(name, `${this.seed}\u0000${name}`);
      this.streams.set(name, s);
    }
    return s;
  }

  /** States of every stream created so far, by name in creation order. */
  snapshot(): Record<string, object> {
    const out: Record<string, object> = {};
    for (const [name, s] of this.streams) out[name] = s.state();
    return out;
  }
}
