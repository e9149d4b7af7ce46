// Workload generators: when a workload's launch requests arrive and how long each task lives once
// RUNNING. Each draws only from the random stream it is given (the runner gives every workload its
// own `workload:<name>:arrival` and `workload:<name>:lifetime` streams), so arrivals and lifetimes
// are the same whatever placement does with them. Times are whole milliseconds, as the clock's.
import type { RandomStream } from '../engine/rng.js';
import type { Arrival, Lifetime } from './types.js';

/** Arrival times in increasing order; `next()` returns Infinity once there are no more. */
export interface ArrivalGenerator {
  next(): number;
}

/**
 * The arrival times of `arrival` within [start, stop):
 * - `poisson`: exponential gaps with mean 60000 / ratePerMinute ms, the first gap counted from `start`;
 * - `every`: at start, start + interval, start + 2·interval, …;
 * - `at`: at each listed time (sorted; repeats allowed);
 * - `burst`: `count` arrivals at the same instant.
 * `start` and `stop` bound poisson and every only (the loader allows them nowhere else); `at`
 * and `burst` times at or after `horizon` never arrive.
 */
export function arrivalTimes(arrival: Arrival, rng: RandomStream, window: { start: number; stop: number; horizon: number }): ArrivalGenerator {
  const stop = Math.min(window.stop, window.horizon);
  switch (arrival.kind) {
    case 'poisson': {
      const mean = 60_000 / arrival.ratePerMinute;
      let t = window.start;
      return {
        next(): number {
          if (t >= stop) return Infinity;
          // keep the exact sum so rounding never accumulates; report whole milliseconds
          t += rng.exponential(mean);
          const at = Math.round(t);
          if (at >= stop) {
            t = stop;
            return Infinity;
          }
          return at;
        },
      };
    }
    case 'every': {
      let k = 0;
      return {
        next(): number {
          const at = window.start + k * arrival.interval;
          if (at >= stop) return Infinity;
          k++;
          return at;
        },
      };
    }
    case 'at': {
      const times = [...arrival.times].sort((a, b) => a - b);
      let i = 0;
      return {
        next(): number {
          if (i >= times.length || times[i]! >= window.horizon) return Infinity;
          return times[i++]!;
        },
      };
    }
    case 'burst': {
      let left = arrival.at < window.horizon ? arrival.count : 0;
      return {
        next(): number {
          if (left <= 0) return Infinity;
          left--;
          return arrival.at;
        },
      };
    }
  }
}

/**
 * A sampler of task lifetimes in whole milliseconds (Infinity for `forever`):
 * - `fixed`: always the duration;
 * - `exponential`: mean `mean`;
 * - `lognormal`: median · e^(sigma·Z), Z standard normal, so half the tasks live less than the median.
 */
export function lifetimeSampler(lifetime: Lifetime, rng: RandomStream): () => number {
  switch (lifetime.kind) {
    case 'fixed': {
      const d = lifetime.duration;
      return () => d;
    }
    case 'exponential': {
      const mean = lifetime.mean;
      return () => Math.round(rng.exponential(mean));
    }
    case 'lognormal': {
      const { median, sigma } = lifetime;
      return () => Math.round(median * Math.exp(sigma * rng.normal()));
    }
    case 'forever':
      return () => Infinity;
  }
}
