// The simulated ECS endpoint without HTTP: the regions (each its own world of clusters, instances,
// task definitions and revisions, all on one simulated clock), one request from its action and
// body to the protocol's response, and the admin operations (reset, advance, state, metrics, agent).
// Everything is synchronous, so requests are applied one at a time in the order they are given.
import { EcsError } from '../ecs/errors.js';
import type { RunOptions } from '../scenario/run-options.js';
import type { RunResult } from '../scenario/run-result.js';
import { startScenario, type LiveScenario } from '../scenario/runner.js';
import type { Scenario } from '../scenario/types.js';
import { Echoes } from './echo.js';
import { handlerOf, type World } from './handlers.js';
import { errorResponse, parseInput, serializeOutput, WireError, type WireResponse } from './json-protocol.js';

export interface ServiceOptions {
  /** Seed of every random stream. Default: the scenario's seed, else 0. */
  seed?: number;
  /** The region of requests whose signature names none. Default us-east-1. */
  region?: string;
  /** The account in every ARN. Default the library's (012345678910). */
  accountId?: string;
  /** Long task and container instance ARNs (`task/CLUSTER/ID`). Default false. */
  longArns?: boolean;
  /** RunTask's failures: every ruled-out instance (default, as ECS) or one summary entry. */
  failureDetail?: 'instances' | 'summary';
  /** Built in the default region at start and after every reset. */
  scenario?: Scenario;
  /** Also run the scenario's workloads and events as the clock advances. Default false. */
  play?: boolean;
  /** The RunTask strategy for requests that name none, and StartTask schedulers of the scenario's workloads. */
  strategies?: Pick<RunOptions, 'strategy' | 'scheduler'>;
}

interface Region {
  readonly live: LiveScenario;
  readonly world: World;
}

/** Region names as they appear in ARNs: lower-case letters, digits and dashes. */
export const REGION_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const NO_SCENARIO = (seed: number): Scenario => ({
  version: 1,
  name: 'ecsim serve',
  seed,
  duration: 365 * 24 * 3600 * 1000, // a year: the horizon of workloads, and there are none
  agent: {},
  clusters: [],
  taskDefinitions: [],
  workloads: [],
  events: [],
  services: [],
});

export class EcsService {
  readonly defaultRegion: string;
  readonly seed: number;
  private regions = new Map<string, Region>();
  private clock = 0;

  constructor(readonly options: ServiceOptions = {}) {
    this.defaultRegion = options.region ?? 'us-east-1';
    if (!REGION_NAME.test(this.defaultRegion)) throw new RangeError(`region must look like us-east-1, got ${JSON.stringify(this.defaultRegion)}`);
    this.seed = options.seed ?? options.scenario?.seed ?? 0;
    this.region(this.defaultRegion); // a scenario's fleet is there from the start
  }

  /** Simulated time, ms. */
  now(): number {
    return this.clock;
  }

  /** The world of `name`, created empty (at the current time) on first use. */
  private region(name: string): Region {
    let r = this.regions.get(name);
    if (r) return r;
    const primary = name === this.defaultRegion;
    const scenario = primary && this.options.scenario ? this.options.scenario : NO_SCENARIO(this.seed);
    const live = startScenario(scenario, {
      ...this.options.strategies,
      seed: this.seed,
      play: primary && this.options.play === true,
      simulation: {
        // each region draws its own ids; the default region's are those of a library simulation of the seed
        ...(primary ? {} : { seed: `${this.seed}:${name}` }),
        region: name,
        ...(this.options.accountId === undefined ? {} : { accountId: this.options.accountId }),
        longArns: this.options.longArns === true,
        failureDetail: this.options.failureDetail ?? 'instances',
      },
    });
    live.advanceTo(this.clock);
    r = { live, world: { ecs: live.sim.ecs, echoes: new Echoes() } };
    this.regions.set(name, r);
    return r;
  }

  /** Applies one request of `action` with JSON `body` in `region`; never throws. */
  call(region: string, action: string, body: string): WireResponse {
    try {
      const handler = handlerOf(action);
      if (!handler) return errorResponse('UnknownOperationException', `Unknown operation ${action}.`);
      const input = parseInput(action, body);
      const isNew = !this.regions.has(region);
      try {
        const output = handler(this.region(region).world, input);
        return { status: 200, body: serializeOutput(action, output) };
      } catch (e) {
        // a rejected request leaves no trace, not even the empty world of a region first named by it
        if (isNew) this.regions.delete(region);
        throw e;
      }
    } catch (e) {
      return failure(e);
    }
  }

  /** Runs every world up to simulated time `t`. @throws RangeError when t is before now. */
  advanceTo(t: number): void {
    if (!Number.isFinite(t) || t < this.clock) throw new RangeError(`cannot advance to ${t}: the clock is at ${this.clock}`);
    this.clock = t;
    for (const r of this.regions.values()) r.live.advanceTo(t);
  }

  /** Forgets every region's state (revision counters included) and sets the clock back to 0. */
  reset(): void {
    this.regions = new Map();
    this.clock = 0;
    this.region(this.defaultRegion);
  }

  /** Every region's snapshot and echoed members, by region name. */
  state(): { now: number; regions: Record<string, unknown> } {
    const regions: Record<string, unknown> = {};
    for (const name of [...this.regions.keys()].sort()) {
      const r = this.regions.get(name)!;
      regions[name] = { ...(r.live.sim.snapshot() as object), echoed: r.world.echoes.snapshot() };
    }
    return { now: this.clock, regions };
  }

  /** What `ecsim run` reports, for `region`'s world from 0 to now. */
  metrics(region: string): RunResult {
    return this.region(region).live.result();
  }

  /** Disconnects or reconnects an instance's agent. @throws EcsError for an unknown instance. */
  setAgent(region: string, containerInstance: string, connected: boolean): void {
    const sim = this.region(region).live.sim;
    if (connected) sim.connectAgent(containerInstance);
    else sim.disconnectAgent(containerInstance);
  }
}

/** The protocol's answer to a failed request. */
export function failure(e: unknown): WireResponse {
  if (e instanceof WireError) return errorResponse(e.type, e.message, e.status);
  if (e instanceof EcsError) return errorResponse(e.name, e.message, e.name === 'ServerException' ? 500 : 400);
  // a bug in ecsim, not a caller mistake: answered as AWS answers its own failures
  return errorResponse('ServerException', `ecsim internal error: ${e instanceof Error ? e.message : String(e)}`, 500);
}
