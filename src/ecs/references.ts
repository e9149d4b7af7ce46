// Resolving the references API callers pass — a name, a UUID or a full ARN — to the control
// plane's records. Every lookup returns the record or undefined and never changes state; the
// `active…` forms throw the error ECS answers with. Ids come out of ARNs by one rule per ARN shape
// (src/model/arn.ts: idAfterPrefix for clusters and task definitions, scopedIdFromRef for what lives
// in a cluster, read in the short and the long form), with the prefixes built once in the state.
import { idAfterPrefix, scopedIdFromRef } from '../model/arn.js';
import type { Failure } from './api-types.js';
import { clusterNotFound, invalidParameter } from './errors.js';
import type { ClusterRecord, ControlPlaneState, InstanceRecord, TaskDefinitionRecord, TaskRecord } from './state.js';
import { requireString } from './validate.js';

/** The cluster named by `ref` (name or ARN; omitted means `default`), ACTIVE or INACTIVE. */
export function findCluster(state: ControlPlaneState, ref: string | undefined): ClusterRecord | undefined {
  const name = ref === undefined ? 'default' : idAfterPrefix(state.prefixes.cluster, ref);
  return name === undefined ? undefined : state.clusters.get(name);
}

/** @throws ClusterNotFoundException when unknown or INACTIVE. */
export function activeCluster(state: ControlPlaneState, ref: string | undefined): ClusterRecord {
  const c = findCluster(state, ref);
  if (!c || c.status !== 'ACTIVE') throw clusterNotFound();
  return c;
}

/** The instance named by `ref` (UUID or ARN) in `cluster`, or undefined. */
export function findInstance(state: ControlPlaneState, cluster: ClusterRecord, ref: string): InstanceRecord | undefined {
  const id = scopedIdFromRef(state.prefixes.instance, cluster.name, ref);
  const inst = id === undefined ? undefined : state.instancesByUuid.get(id);
  return inst && inst.cluster === cluster ? inst : undefined;
}

/**
 * An instance of any cluster by UUID or ARN, for the simulation's own controls (agent connection).
 * @throws InvalidParameterException when it names none.
 */
export function anyInstance(state: ControlPlaneState, ref: unknown): InstanceRecord {
  const r = requireString(ref, 'containerInstance');
  // the id is the ARN's last segment (short or long form); its cluster checks the rest
  const id = r.startsWith(state.prefixes.instance) ? r.slice(r.lastIndexOf('/') + 1) : r;
  const inst = state.instancesByUuid.get(id);
  if (!inst || findInstance(state, inst.cluster, r) !== inst) throw invalidParameter('Container instance not found.');
  return inst;
}

/** The task named by `ref` (UUID or ARN) in `cluster`, or undefined. */
export function findTask(state: ControlPlaneState, cluster: ClusterRecord, ref: string): TaskRecord | undefined {
  const id = scopedIdFromRef(state.prefixes.task, cluster.name, ref);
  state.forgetExpired();
  const t = id === undefined ? undefined : state.tasksByUuid.get(id);
  return t && t.cluster === cluster ? t : undefined;
}

/**
 * Resolves `family` (its latest ACTIVE revision), `family:revision` or a task definition ARN, or
 * undefined when it names nothing (callers answer ClientException "Unable to describe task definition.").
 */
export function findTaskDefinition(state: ControlPlaneState, ref: string): TaskDefinitionRecord | undefined {
  if (typeof ref !== 'string' || ref.length === 0) return undefined;
  // a revision, once it resolves, resolves to the same record for ever (revisions are never
  // removed; deregistering one changes its status, which callers check): remembered, since a
  // workload names its definition on every call
  const known = state.definitionsByRef.get(ref);
  if (known !== undefined) return known;
  const td = resolveDefinitionRef(state, ref);
  if (td !== undefined && ref.includes(':')) state.rememberDefinitionRef(ref, td);
  return td;
}

function resolveDefinitionRef(state: ControlPlaneState, ref: string): TaskDefinitionRecord | undefined {
  let spec = ref;
  if (ref.startsWith('arn:')) {
    const id = idAfterPrefix(state.prefixes.taskDefinition, ref);
    if (id === undefined || !id.includes(':')) return undefined;
    spec = id;
  }
  const colon = spec.lastIndexOf(':');
  if (colon < 0) {
    const revs = state.families.get(spec);
    if (!revs) return undefined;
    for (let i = revs.length - 1; i >= 0; i--) if (revs[i]!.status === 'ACTIVE') return revs[i];
    return undefined;
  }
  const family = spec.slice(0, colon);
  const revText = spec.slice(colon + 1);
  if (!/^[1-9][0-9]{0,9}$/.test(revText)) return undefined;
  return state.families.get(family)?.[Number(revText) - 1];
}

/**
 * What a Describe action answers for `refs` in `cluster`: each record `find` resolves, shown by
 * `view`, in order; and for each other ref a MISSING failure naming the ARN it stands for (the
 * ref itself when it is one, else the cluster's ARN of that kind with `prefix`).
 */
export function describeIn<R, V>(
  state: ControlPlaneState,
  cluster: ClusterRecord,
  refs: readonly string[],
  find: (ref: string) => R | undefined,
  view: (record: R) => V,
  prefix: string,
): { found: V[]; failures: Failure[] } {
  const found: V[] = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    const record = find(ref);
    if (record !== undefined) found.push(view(record));
    else failures.push({ arn: ref.startsWith('arn:') ? ref : state.scopedArn(prefix, cluster, ref), reason: 'MISSING' });
  }
  return { found, failures };
}
