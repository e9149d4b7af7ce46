// CreateCluster, ListClusters, DescribeClusters, DeleteCluster.
import type {
  CreateClusterRequest,
  CreateClusterResponse,
  DeleteClusterRequest,
  DeleteClusterResponse,
  DescribeClustersRequest,
  DescribeClustersResponse,
  ListClustersRequest,
  ListClustersResponse,
} from './api-types.js';
import type { ControlPlane } from './control-plane.js';
import { clusterNotFound, EcsError, invalidParameter } from './errors.js';
import { page } from './pagination.js';
import { findCluster } from './references.js';
import { clusterView } from './views.js';
import { expectObject, optionalString, requireString, stringList } from './validate.js';

const CLUSTER_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

export function createCluster(cp: ControlPlane, req: CreateClusterRequest | undefined): CreateClusterResponse {
  expectObject(req ?? {}, 'request');
  const name = optionalString(req?.clusterName, 'clusterName') ?? 'default';
  if (!CLUSTER_NAME.test(name)) {
    throw invalidParameter('Cluster name may contain up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores.');
  }
  return { cluster: clusterView(cp.newCluster(name)) };
}

export function listClusters(cp: ControlPlane, req: ListClustersRequest | undefined): ListClustersResponse {
  const all = [...cp.clusters.values()];
  const p = page('clusters', all, (c) => c.status === 'ACTIVE', req);
  const out: ListClustersResponse = { clusterArns: p.items.map((c) => c.arn) };
  if (p.nextToken) out.nextToken = p.nextToken;
  return out;
}

export function describeClusters(cp: ControlPlane, req: DescribeClustersRequest | undefined): DescribeClustersResponse {
  const refs = req?.clusters === undefined ? ['default'] : stringList(req.clusters, 'clusters');
  if (refs.length > 100) throw invalidParameter('clusters can have at most 100 items.');
  const out: DescribeClustersResponse = { clusters: [], failures: [] };
  for (const ref of refs) {
    const c = findCluster(cp, ref);
    if (c) out.clusters.push(clusterView(c));
    else out.failures.push({ arn: ref.startsWith('arn:') ? ref : cp.prefixes.cluster + ref, reason: 'MISSING' });
  }
  return out;
}

export function deleteCluster(cp: ControlPlane, req: DeleteClusterRequest): DeleteClusterResponse {
  expectObject(req, 'request');
  const ref = requireString(req.cluster, 'cluster');
  const c = findCluster(cp, ref);
  if (!c) throw clusterNotFound();
  if (c.activeInstances > 0) {
    throw new EcsError(
      'ClusterContainsContainerInstancesException',
      'The Cluster cannot be deleted while Container Instances are active.',
    );
  }
  c.status = 'INACTIVE';
  return { cluster: clusterView(c) };
}
