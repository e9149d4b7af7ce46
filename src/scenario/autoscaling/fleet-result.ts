// The fleet's part of a run's result (RunResult.fleet): what each group and cluster cost, how the
// autoscaled groups moved, and how long tasks waited for capacity. Present only for scenarios that
// price or autoscale a group.
import type { GroupSizeRow, ScalingAction } from './group-scaler.js';

export interface FleetCost {
  /** Instance-hours from launch to deregistration or the horizon. */
  instanceHours: number;
  /** USD, rounded to the cent; null when an instance with hours has no price. */
  cost: number | null;
  /** USD per hour of simulated time. */
  costPerHour: number | null;
  /** USD per 1,000 hours of RUNNING tasks; null when no task ran. */
  costPer1000TaskHours: number | null;
  /** Hours of RUNNING tasks. */
  taskHours: number;
}

/** Tasks of workloads placed only by a retry (they waited for capacity), and how long they waited. */
export interface TaskWaits {
  tasks: number;
  meanMs: number;
  maxMs: number;
}

export interface GroupFleetSummary extends Omit<FleetCost, 'costPer1000TaskHours' | 'taskHours'> {
  cluster: string;
  /** USD per instance-hour; null: unpriced. */
  pricePerHour: number | null;
  autoscaling?: {
    min: number;
    max: number;
    policy: string;
    peakInstances: number;
    finalDesired: number;
    actions: ScalingAction[];
  };
}

export interface FleetResult {
  /** Where the built-in prices come from. */
  priceTable: { region: string; operatingSystem: string; currency: string; asOf: string; url: string };
  total: FleetCost & { waited: TaskWaits };
  clusters: Record<string, FleetCost & { waited: TaskWaits }>;
  /** By `cluster/index`; instances added by scenario events as `cluster/events:TYPE`. */
  groups: Record<string, GroupFleetSummary>;
  /** Autoscaled groups' sizes, rows aligned with `times`. */
  timeseries: { times: number[]; groups: { group: string; rows: GroupSizeRow[] }[] };
}
