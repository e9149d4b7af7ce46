// The InstanceView over the flat stores: resources from the InstanceTable (typed arrays by slot),
// positions and pruning from the cluster's FeasibilityIndex, identity and attributes from the
// instance records (read through the InstanceMeta shape), task groups from GroupCounts. It offers
// the uniform sample (sampleUniform) with the RandomPlacer's fast path, and the queries a failure
// summary needs without a walk (firstResourceCandidate), and the score trees that let binpack,
// spread by instance and first-fit pick without a walk (scoreTrees), and spread by an attribute
// alone or followed by one of those (attributeSpread; see indexed-strategy.ts).
import type { Demand } from '../model/demand.js';
import { DIM_CPU, DIM_MEMORY, type InstanceTable } from '../model/instance-table.js';
import type { FeasibilityIndex } from './feasibility-index.js';
import type { GroupCounts } from './group-counts.js';
import { RandomPlacer } from './random-placement.js';
import { ScoreTreeCache } from './score-tree-cache.js';
import { AttributeSpreadIndex } from './spread-index.js';
import type { InstanceMeta, InstanceView, PlacementRequest, PlacementRng } from './types.js';

export class TableInstanceView implements InstanceView {
  /**
   * @param instances the cluster's instances by position (the index's positions)
   * @param posOfSlot the position of an instance slot of this cluster
   * @param placer the table's random placer (one per table: its demand trackers live in the index)
   */
  constructor(
    readonly table: InstanceTable,
    readonly index: FeasibilityIndex,
    private readonly instances: readonly InstanceMeta[],
    readonly groups: GroupCounts,
    readonly posOfSlot: (slot: number) => number,
    private readonly placer: RandomPlacer = new RandomPlacer(table),
  ) {}

  /** The cluster's score trees, made as single-scorer strategies ask for them. */
  readonly scoreTrees: ScoreTreeCache = new ScoreTreeCache(this);

  /** The cluster's per-value counts and trees, made as spread-by-attribute strategies ask for them. */
  readonly attributeSpread: AttributeSpreadIndex = new AttributeSpreadIndex(this);

  get size(): number {
    return this.index.count;
  }

  /** The InstanceTable slot of a position. */
  slot(pos: number): number {
    return this.index.slots[pos]!;
  }

  isActive(pos: number): boolean {
    return this.table.active[this.index.slots[pos]!] === 1;
  }

  isConnected(pos: number): boolean {
    return this.table.connected[this.index.slots[pos]!] === 1;
  }

  fit(pos: number, demand: Demand): number {
    return this.table.fit(this.index.slots[pos]!, demand);
  }

  remaining(pos: number, resource: string): number {
    return this.amount(this.table.remaining, pos, resource);
  }

  registered(pos: number, resource: string): number {
    return this.amount(this.table.registered, pos, resource);
  }

  private amount(arrays: readonly Float64Array[], pos: number, resource: string): number {
    const dim = resource === 'CPU' ? DIM_CPU : resource === 'MEMORY' ? DIM_MEMORY : this.table.hasDim(resource);
    return dim === undefined ? 0 : arrays[dim]![this.index.slots[pos]!]!;
  }

  attribute(pos: number, name: string): string | undefined {
    const attrs = this.instances[pos]!.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i]!;
      if (a.name === name) return a.value ?? '';
    }
    return undefined;
  }

  arn(pos: number): string {
    return this.instances[pos]!.arn;
  }

  ec2InstanceId(pos: number): string {
    return this.instances[pos]!.ec2InstanceId;
  }

  groupCount(pos: number, group: string): number {
    return this.groups.count(group, this.index.slots[pos]!);
  }

  taskCount(pos: number): number {
    const m = this.instances[pos]!;
    return m.runningTasks + m.pendingTasks;
  }

  /**
   * Visits the positions that pass every filter. The index prunes first: it skips subtrees
   * with no ACTIVE, agent-connected instance having the CPU and MEMORY, exactly the positions
   * the fit filter would reject for those reasons; every visited position still runs all filters.
   */
  forEachCandidate(request: PlacementRequest, visit: (pos: number) => void): void {
    const filters = request.filters;
    const n = filters.length;
    this.index.forEachCandidate(request.demand.cpu, request.demand.memory, (pos) => {
      for (let k = 0; k < n; k++) if (filters[k]!(request, this, pos) !== null) return;
      visit(pos);
    });
  }

  candidates(request: PlacementRequest): number[] {
    const out: number[] = [];
    this.forEachCandidate(request, (pos) => out.push(pos));
    return out;
  }

  /**
   * Uniform among the candidates. Resource fit alone (no constraint): the RandomPlacer's draws,
   * exactly those of a 2015 RunTask. With constraints: the candidates listed in position order and
   * one draw among them, only when there is more than one (as the pipeline breaks a tie).
   */
  sampleUniform(request: PlacementRequest, rng: PlacementRng): number {
    if (request.filters.length === 1) {
      const slot = this.placer.pick(this.index, request.demand, rng);
      return slot < 0 ? -1 : this.posOfSlot(slot);
    }
    const c = this.candidates(request);
    if (c.length <= 1) return c.length === 0 ? -1 : c[0]!;
    return c[rng.int(c.length)]!;
  }

  /**
   * The first position whose CPU and MEMORY suffice for `demand` (ignoring ports and user-defined
   * resources; ACTIVE and connected), or -1. Read from the index, without a walk when it tracks the demand.
   */
  firstResourceCandidate(demand: Demand): number {
    return this.placer.firstCandidate(this.index, demand);
  }
}
