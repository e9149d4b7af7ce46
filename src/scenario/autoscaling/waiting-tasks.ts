// Tasks the workload driver holds for a retry because they found no room: the tasks an ECS cluster
// autoscaler counts as waiting for capacity (PROVISIONING), by cluster and task definition. The
// driver adds them when it schedules a retry and takes them off when the retry is made; it also
// says how long the tasks a retry placed had waited.
import type { Demand } from '../../model/demand.js';
import type { WaitingTasks } from './group-scaler.js';

export class RetryQueue {
  /** cluster → task definition key → { demand, count }, in order of first use. */
  private readonly byCluster = new Map<string, Map<string, WaitingTasks>>();
  /** Per cluster, the wait of every task placed by a retry, ms. */
  readonly waits = new Map<string, number[]>();

  /** `count` tasks of `cluster` were placed by a retry after waiting `ms` since their request. */
  placedAfterWait(cluster: string, ms: number, count: number): void {
    let w = this.waits.get(cluster);
    if (!w) this.waits.set(cluster, (w = []));
    for (let i = 0; i < count; i++) w.push(ms);
  }

  add(cluster: string, taskDefinition: string, demand: Demand, count: number): void {
    let m = this.byCluster.get(cluster);
    if (!m) this.byCluster.set(cluster, (m = new Map()));
    const w = m.get(taskDefinition);
    if (w) w.count += count;
    else m.set(taskDefinition, { demand, count });
  }

  remove(cluster: string, taskDefinition: string, count: number): void {
    const w = this.byCluster.get(cluster)?.get(taskDefinition);
    if (w) w.count = Math.max(0, w.count - count);
  }

  /** What waits in `cluster` now (entries with a count of 0 included). */
  of(cluster: string): readonly WaitingTasks[] {
    return [...(this.byCluster.get(cluster)?.values() ?? [])];
  }
}
