// Benchmark 4: the engine alone. An M/M/c queue (c servers, Poisson arrivals, exponential service)
// driven through the Simulator's public `schedule` API, checked against the Erlang C formula.
import { RandomStreams, Simulator } from '../../dist/engine/index.js';
import { isEntry, serve } from '../lib/child.mjs';

/** Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ. */
export function erlangC(c, a) {
  // numerically stable: build the Erlang B recursion, then convert
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/**
 * Runs one M/M/c simulation. Time unit: microseconds (the engine rounds delays to whole units, so a
 * fine unit keeps the model continuous). Returns counts and statistics for the checks.
 */
export function runMmc({ c = 100, lambdaPerS = 90, muPerS = 1, customers = 1_000_000, seed = 'mmc' } = {}) {
  const model = new MmcModel(c, 1e6 / lambdaPerS, 1e6 / muPerS, customers, seed);
  const t0 = process.hrtime.bigint();
  model.sim.runUntilIdle();
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    wallS,
    events: model.sim.eventsProcessed,
    arrived: model.arrived,
    served: model.served,
    waitedFraction: model.waited / model.arrived,
    meanWaitS: model.totalWait / model.arrived / 1e6,
    utilisation: model.busyArea / model.sim.now() / c,
  };
}

/**
 * The queueing model, written as a user would write a fast one: state in fields (not captured
 * variables, which V8 boxes on every write), callbacks bound once, waiting customers in a ring.
 */
class MmcModel {
  constructor(c, meanInter, meanService, customers, seed) {
    this.sim = new Simulator();
    const streams = new RandomStreams(seed);
    this.arrivalsRng = streams.stream('arrivals');
    this.serviceRng = streams.stream('service');
    this.c = c;
    this.meanInter = meanInter;
    this.meanService = meanService;
    this.customers = customers;
    this.ring = new Float64Array(1024);
    this.head = 0;
    this.tail = 0;
    this.busy = 0;
    this.arrived = 0;
    this.served = 0;
    this.waited = 0;
    this.totalWait = 0;
    this.busyArea = 0;
    this.lastChange = 0;
    // arrow functions, not bind(): V8 inlines them at the engine's call site
    this.arrive = () => this.onArrive();
    this.depart = () => this.onDepart();
    this.sim.schedule(this.arrivalsRng.exponential(meanInter), this.arrive);
  }

  account(now) {
    this.busyArea += this.busy * (now - this.lastChange);
    this.lastChange = now;
  }

  onArrive() {
    const sim = this.sim;
    const now = sim.now();
    this.account(now);
    if (++this.arrived < this.customers) sim.schedule(this.arrivalsRng.exponential(this.meanInter), this.arrive);
    if (this.busy < this.c) {
      this.busy++;
      sim.schedule(this.serviceRng.exponential(this.meanService), this.depart);
      return;
    }
    this.waited++;
    const ring = this.ring;
    ring[this.tail] = now;
    this.tail = (this.tail + 1) & (ring.length - 1);
    if (this.tail === this.head) this.growRing();
  }

  onDepart() {
    const sim = this.sim;
    const now = sim.now();
    this.account(now);
    this.served++;
    if (this.head === this.tail) {
      this.busy--;
      return;
    }
    this.totalWait += now - this.ring[this.head];
    this.head = (this.head + 1) & (this.ring.length - 1);
    sim.schedule(this.serviceRng.exponential(this.meanService), this.depart);
  }

  growRing() {
    const n = this.ring.length;
    const bigger = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) bigger[i] = this.ring[(this.head + i) & (n - 1)];
    this.ring = bigger;
    this.head = 0;
    this.tail = n;
  }
}

/**
 * Benchmark 4: `runs` M/M/c simulations (c = 100, λ = 90/s, μ = 1/s, 1,000,000 customers), each
 * checked against queueing theory before it counts: every customer served, utilisation λ/(cμ),
 * probability of waiting and mean wait within a few percent of Erlang C.
 */
export async function run({ runs = 5, customers = 1_000_000, c = 100, lambdaPerS = 90, muPerS = 1 } = {}) {
  const pWait = erlangC(c, lambdaPerS / muPerS);
  const expected = { waitedFraction: pWait, meanWaitS: pWait / (c * muPerS - lambdaPerS), utilisation: lambdaPerS / (c * muPerS) };
  const results = [];
  // tolerances for a million customers; fewer customers, proportionally wider
  const widen = Math.max(1, Math.sqrt(1_000_000 / customers));
  for (let i = 0; i < runs; i++) {
    const r = runMmc({ c, lambdaPerS, muPerS, customers, seed: `mmc-${i}` });
    if (r.arrived !== customers || r.served !== customers) throw new Error(`run ${i}: ${r.arrived} arrived, ${r.served} served of ${customers}`);
    if (r.events !== 2 * customers) throw new Error(`run ${i}: ${r.events} events for ${customers} customers`);
    for (const [k, tol] of [['waitedFraction', 0.1], ['meanWaitS', 0.15], ['utilisation', 0.01]]) {
      const rel = Math.abs(r[k] - expected[k]) / expected[k];
      if (rel > tol * widen) throw new Error(`run ${i}: ${k} ${r[k]} is ${(100 * rel).toFixed(1)}% from the M/M/c value ${expected[k]}`);
    }
    results.push({ ...r, eventsPerS: r.events / r.wallS, customersPerS: customers / r.wallS });
  }
  const byRate = [...results].sort((a, b) => a.eventsPerS - b.eventsPerS);
  const median = byRate[Math.floor(byRate.length / 2)];
  return { customers, c, lambdaPerS, muPerS, expected, runs: results, median, best: byRate[byRate.length - 1] };
}

if (isEntry(import.meta.url)) await serve(run);
