// A placement view built without a control plane: the real InstanceTable, FeasibilityIndex and
// GroupCounts filled from a compact description, so filter and scorer tables stay one line a case.
import type { Demand } from '../../../src/model/demand.js';
import { DIM_CPU, DIM_MEMORY, InstanceTable } from '../../../src/model/instance-table.js';
import { FeasibilityIndex } from '../../../src/placement/feasibility-index.js';
import { GroupCounts } from '../../../src/placement/group-counts.js';
import { TableInstanceView } from '../../../src/placement/instance-view.js';

export interface MockInstance {
  cpu?: number;
  memory?: number;
  /** Registered amounts; default equal to what remains. */
  registeredCpu?: number;
  registeredMemory?: number;
  ports?: number[];
  /** User-defined resources remaining, e.g. { GPU: 1 }. */
  extra?: Record<string, number>;
  attributes?: Record<string, string>;
  /** Live tasks per group. */
  groups?: Record<string, number>;
  active?: boolean;
  connected?: boolean;
}

export interface MockCluster {
  view: TableInstanceView;
  table: InstanceTable;
  index: FeasibilityIndex;
  groups: GroupCounts;
  /** Mutable identity records, one per position. */
  meta: { arn: string; ec2InstanceId: string; attributes: { name: string; value?: string }[]; runningTasks: number; pendingTasks: number }[];
  /** Takes `demand` from `pos` and counts one task of `group` there, as a placement would. */
  place(pos: number, demand: Demand, group: string): void;
}

export function mockCluster(instances: readonly MockInstance[]): MockCluster {
  const table = new InstanceTable();
  const index = new FeasibilityIndex();
  const groups = new GroupCounts();
  const meta: MockCluster['meta'] = [];
  instances.forEach((m, i) => {
    const slot = table.addSlot();
    index.add(slot);
    table.setAmount(slot, DIM_CPU, m.registeredCpu ?? m.cpu ?? 1024);
    table.setAmount(slot, DIM_MEMORY, m.registeredMemory ?? m.memory ?? 2048);
    table.remaining[DIM_CPU]![slot] = m.cpu ?? 1024;
    table.remaining[DIM_MEMORY]![slot] = m.memory ?? 2048;
    for (const [name, v] of Object.entries(m.extra ?? {})) table.setAmount(slot, table.dim(name), v);
    if (m.ports) table.reservePorts(slot, 'tcp', m.ports);
    table.active[slot] = m.active === false ? 0 : 1;
    table.connected[slot] = m.connected === false ? 0 : 1;
    let live = 0;
    for (const [g, n] of Object.entries(m.groups ?? {})) {
      for (let k = 0; k < n; k++) groups.add(g, slot, 1);
      live += n;
    }
    meta.push({
      arn: `arn:aws:ecs:us-east-1:012345678910:container-instance/i${i}`,
      ec2InstanceId: `i-${String(i).padStart(8, '0')}`,
      attributes: Object.entries(m.attributes ?? {}).map(([name, value]) => ({ name, value })),
      runningTasks: live,
      pendingTasks: 0,
    });
    refresh(table, index, slot);
  });
  // slots equal positions here: one cluster per table
  const view = new TableInstanceView(table, index, meta, groups, (slot) => slot);
  return {
    view,
    table,
    index,
    groups,
    meta,
    place(pos, demand, group) {
      table.allocate(pos, demand);
      groups.add(group, pos, 1);
      meta[pos]!.pendingTasks++;
      refresh(table, index, pos);
    },
  };
}

function refresh(table: InstanceTable, index: FeasibilityIndex, slot: number): void {
  const ok = table.active[slot] === 1 && table.connected[slot] === 1;
  index.update(slot, ok ? table.remaining[DIM_CPU]![slot]! : -1, ok ? table.remaining[DIM_MEMORY]![slot]! : -1);
}

/** A demand of `cpu` and `memory` with optional fixed host ports and user-defined resources. */
export function demand(cpu: number, memory: number, opts: { ports?: number[]; extra?: Record<string, number> } = {}): Demand {
  return {
    cpu,
    memory,
    extraNames: Object.keys(opts.extra ?? {}),
    extraAmounts: Object.values(opts.extra ?? {}),
    tcpPorts: opts.ports ?? [],
    udpPorts: [],
    dynamicTcp: 0,
    dynamicUdp: 0,
  };
}
