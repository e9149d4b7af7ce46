// What an instance group's `autoscaling:` block is once a scenario has validated: durations in ms,
// defaults filled in. The group scaler (group-scaler.ts) reads nothing else.

/** Target tracking on the cluster's reservation, as ECS publishes CPUReservation / MemoryReservation. */
export interface TargetTrackingPolicy {
  kind: 'targetTracking';
  metric: 'CPUReservation' | 'MemoryReservation';
  /** Percent, (0, 100]. */
  target: number;
}

/** ECS managed scaling of a capacity provider: CapacityProviderReservation tracked to targetCapacity. */
export interface CapacityProviderPolicy {
  kind: 'capacityProvider';
  /** Percent, [1, 100]. */
  targetCapacity: number;
}

export type ScalingPolicy = TargetTrackingPolicy | CapacityProviderPolicy;

export interface AutoscalingSpec {
  min: number;
  max: number;
  policy: ScalingPolicy;
  /** How often the metric is evaluated, ms (default 1m). */
  period: number;
  /** Least time between two scale-outs, ms (default 5m). */
  scaleOutCooldown: number;
  /** Least time between two scale-ins, ms (default 15m). */
  scaleInCooldown: number;
  /** From launch to the instance registering with the cluster, ms (default 3m). */
  bootTime: number;
  /** false: the group never shrinks (default true). */
  scaleIn: boolean;
}

export const AUTOSCALING_DEFAULTS = Object.freeze({ period: 60_000, scaleOutCooldown: 300_000, scaleInCooldown: 900_000, bootTime: 180_000, scaleIn: true });
