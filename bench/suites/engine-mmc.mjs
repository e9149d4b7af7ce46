// Benchmark 4: the engine alone. An M/M/c queue (c servers, Poisson arrivals, exponential service)
// driven through the Simulator's public `schedule` API, checked against the Erlang C formula.
// Beside it, the fixed reference the engine's figure is quoted against: the same model as a bare
// event loop (a binary heap of (time, sequence) keys in plain typed arrays, a switch on the event
// kind, seedrandom's Alea called directly). The two must agree to the last bit on every statistic,
// since both serve events in (time, insertion) order from the same draws: a check that the engine
// orders events correctly as well as a yardstick that moves with the machine, not with ecsim.
import seedrandom from 'seedrandom';
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
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  model.sim.runUntilIdle();
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return {
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
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
 * A binary min-heap of events as plain typed arrays in heap order — time, insertion sequence and
 * kind side by side at each position, so a comparison reads no other array — with state in fields
 * (V8 keeps a closure's mutated variables in a heap-allocated context; fields are faster).
 */
class BareHeap {
  constructor(cap) {
    this.time = new Float64Array(cap);
    this.seq = new Float64Array(cap);
    this.kind = new Uint8Array(cap);
    this.size = 0;
    this.nextSeq = 0;
  }

  push(t, kind) {
    const time = this.time;
    const seq = this.seq;
    const kinds = this.kind;
    const s = this.nextSeq++;
    let pos = this.size++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = time[parent];
      if (pt < t || (pt === t && seq[parent] < s)) break;
      time[pos] = pt;
      seq[pos] = seq[parent];
      kinds[pos] = kinds[parent];
      pos = parent;
    }
    time[pos] = t;
    seq[pos] = s;
    kinds[pos] = kind;
  }

  /** Removes the root (read `time[0]` and `kind[0]` first). */
  pop() {
    const time = this.time;
    const seq = this.seq;
    const kinds = this.kind;
    const n = --this.size;
    if (n === 0) return;
    const t = time[n];
    const s = seq[n];
    const k = kinds[n];
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const r = child + 1;
      if (r < n && (time[r] < time[child] || (time[r] === time[child] && seq[r] < seq[child]))) child = r;
      const ct = time[child];
      if (t < ct || (t === ct && s < seq[child])) break;
      time[pos] = ct;
      seq[pos] = seq[child];
      kinds[pos] = kinds[child];
      pos = child;
    }
    time[pos] = t;
    seq[pos] = s;
    kinds[pos] = k;
  }
}

/**
 * The reference: the M/M/c model with no engine, one loop over a BareHeap and a switch on the
 * event kind (0 arrival, 1 departure). Streams are seeded as RandomStreams seeds them
 * (`seed\0name`), so the draws, and therefore every statistic, are the engine run's.
 */
export function runMmcBare({ c = 100, lambdaPerS = 90, muPerS = 1, customers = 1_000_000, seed = 'mmc' } = {}) {
  const meanInter = 1e6 / lambdaPerS;
  const meanService = 1e6 / muPerS;
  const arrivals = seedrandom.alea(`${seed}\u0000arrivals`);
  const service = seedrandom.alea(`${seed}\u0000service`);
  const heap = new BareHeap(c + 2);
  let ring = new Float64Array(1024);
  let head = 0;
  let tail = 0;
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let waited = 0;
  let totalWait = 0;
  let busyArea = 0;
  let lastChange = 0;
  let now = 0;
  let events = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  heap.push(Math.round(-Math.log(1 - arrivals()) * meanInter), 0);
  while (heap.size > 0) {
    now = heap.time[0];
    const kind = heap.kind[0];
    heap.pop();
    events++;
    busyArea += busy * (now - lastChange);
    lastChange = now;
    if (kind === 0) {
      if (++arrived < customers) heap.push(now + Math.round(-Math.log(1 - arrivals()) * meanInter), 0);
      if (busy < c) {
        busy++;
        heap.push(now + Math.round(-Math.log(1 - service()) * meanService), 1);
        continue;
      }
      waited++;
      ring[tail] = now;
      tail = (tail + 1) & (ring.length - 1);
      if (tail === head) {
        const n = ring.length;
        const bigger = new Float64Array(n * 2);
        for (let i = 0; i < n; i++) bigger[i] = ring[(head + i) & (n - 1)];
        ring = bigger;
        head = 0;
        tail = n;
      }
    } else {
      served++;
      if (head === tail) {
        busy--;
        continue;
      }
      totalWait += now - ring[head];
      head = (head + 1) & (ring.length - 1);
      heap.push(now + Math.round(-Math.log(1 - service()) * meanService), 1);
    }
  }
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return {
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    events,
    arrived,
    served,
    waitedFraction: waited / arrived,
    meanWaitS: totalWait / arrived / 1e6,
    utilisation: busyArea / now / c,
  };
}

/**
 * Benchmark 4: `runs` M/M/c simulations (c = 100, λ = 90/s, μ = 1/s, 1,000,000 customers) through
 * the engine, each paired with the bare reference on the same seed (alternating which goes first,
 * so neither always gets the warmer JIT). Each engine run is checked against queueing theory before
 * it counts — every customer served, utilisation λ/(cμ), probability of waiting and mean wait
 * within a few percent of Erlang C — and against its reference, statistic for statistic, exactly.
 * The ratio is the engine's rate over the reference's in the same pair.
 */
export async function run({ runs = 3, customers = 1_000_000, c = 100, lambdaPerS = 90, muPerS = 1, referenceOnly = false } = {}) {
  if (referenceOnly) return yardstick({ customers, c, lambdaPerS, muPerS });
  const pWait = erlangC(c, lambdaPerS / muPerS);
  const expected = { waitedFraction: pWait, meanWaitS: pWait / (c * muPerS - lambdaPerS), utilisation: lambdaPerS / (c * muPerS) };
  const results = [];
  // tolerances for a million customers; fewer customers, proportionally wider
  const widen = Math.max(1, Math.sqrt(1_000_000 / customers));
  // one short pair first, unmeasured, so both loops are compiled by the optimising tier before
  // either is timed (the bare loop is one function; the engine is several, and tiers up later)
  runMmc({ c, lambdaPerS, muPerS, customers: Math.min(customers, 100_000), seed: 'warm-up' });
  runMmcBare({ c, lambdaPerS, muPerS, customers: Math.min(customers, 100_000), seed: 'warm-up' });
  for (let i = 0; i < runs; i++) {
    const params = { c, lambdaPerS, muPerS, customers, seed: `mmc-${i}` };
    let r;
    let ref;
    if (i % 2 === 0) {
      r = runMmc(params);
      ref = runMmcBare(params);
    } else {
      ref = runMmcBare(params);
      r = runMmc(params);
    }
    if (r.arrived !== customers || r.served !== customers) throw new Error(`run ${i}: ${r.arrived} arrived, ${r.served} served of ${customers}`);
    if (r.events !== 2 * customers) throw new Error(`run ${i}: ${r.events} events for ${customers} customers`);
    for (const [k, tol] of [['waitedFraction', 0.1], ['meanWaitS', 0.15], ['utilisation', 0.01]]) {
      const rel = Math.abs(r[k] - expected[k]) / expected[k];
      if (rel > tol * widen) throw new Error(`run ${i}: ${k} ${r[k]} is ${(100 * rel).toFixed(1)}% from the M/M/c value ${expected[k]}`);
    }
    for (const k of ['events', 'arrived', 'served', 'waitedFraction', 'meanWaitS', 'utilisation']) {
      if (r[k] !== ref[k]) throw new Error(`run ${i}: ${k} is ${r[k]} through the engine but ${ref[k]} in the bare reference`);
    }
    results.push({
      ...r,
      eventsPerS: r.events / r.wallS,
      customersPerS: customers / r.wallS,
      cpuCustomersPerS: customers / r.cpuS,
      reference: { wallS: ref.wallS, cpuS: ref.cpuS, eventsPerS: ref.events / ref.wallS, customersPerS: customers / ref.wallS, cpuCustomersPerS: customers / ref.cpuS },
      ratio: ref.wallS / r.wallS,
      cpuRatio: ref.cpuS / r.cpuS,
    });
  }
  const byRate = [...results].sort((a, b) => a.eventsPerS - b.eventsPerS);
  const median = byRate[Math.floor(byRate.length / 2)];
  const byRatio = [...results].sort((a, b) => a.ratio - b.ratio);
  return { customers, c, lambdaPerS, muPerS, expected, runs: results, median, best: byRate[byRate.length - 1], medianRatio: byRatio[Math.floor(byRatio.length / 2)].ratio };
}

/**
 * The bare reference alone (after a warm-up), as the yardstick `npm run bench` measures at the
 * start of each run and quotes figures without a reference of their own against.
 */
function yardstick({ customers, c, lambdaPerS, muPerS }) {
  runMmcBare({ c, lambdaPerS, muPerS, customers: Math.min(customers, 100_000), seed: 'warm-up' });
  const r = runMmcBare({ c, lambdaPerS, muPerS, customers, seed: 'mmc-0' });
  if (r.arrived !== customers || r.served !== customers) throw new Error(`reference: ${r.arrived} arrived, ${r.served} served of ${customers}`);
  return { customers, wallS: r.wallS, cpuS: r.cpuS, customersPerS: customers / r.wallS };
}

if (isEntry(import.meta.url)) await serve(run);
