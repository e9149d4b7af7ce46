// Service event messages in ECS's wording, so what a simulated service says reads like what a real
// one says in DescribeServices `events[]` and the console. Placement failures map a RunTask failure
// reason to ECS's sentence about the closest matching container instance.

/** The failure reason ecsim records when a cluster has no ACTIVE container instance at all. */
export const REASON_NO_INSTANCES = 'NO_CONTAINER_INSTANCES';

const TROUBLESHOOTING = ' For more information, see the Troubleshooting section.';

/** What ECS says the closest matching instance lacks, for a RunTask failure reason. */
export function closestMatchProblem(reason: string): string {
  switch (reason) {
    case 'RESOURCE:CPU':
      return 'has insufficient CPU units available.';
    case 'RESOURCE:MEMORY':
      return 'has insufficient memory available.';
    case 'RESOURCE:PORTS':
    case 'RESOURCE:PORTS_UDP':
      return 'is already using a port required by your task.';
    case 'ATTRIBUTE':
      return 'is missing an attribute required by your task.';
    default:
      if (reason.startsWith('RESOURCE:')) return `has insufficient ${reason.slice('RESOURCE:'.length)} available.`;
      return `encountered error "${reason}".`;
  }
}

/**
 * "service web was unable to place a task because no container instance met all of its
 * requirements. The closest matching container-instance 5c… has insufficient CPU units available. …"
 * `instanceId` is the closest matching instance's id; absent when the cluster had none.
 */
export function unableToPlace(service: string, reason: string, instanceId: string | undefined): string {
  if (reason === REASON_NO_INSTANCES || instanceId === undefined) {
    return `service ${service} was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.${TROUBLESHOOTING}`;
  }
  return `service ${service} was unable to place a task because no container instance met all of its requirements. The closest matching container-instance ${instanceId} ${closestMatchProblem(reason)}${TROUBLESHOOTING}`;
}

function taskList(taskIds: readonly string[]): string {
  return taskIds.map((id) => `(task ${id})`).join(' ');
}

export function startedTasks(service: string, taskIds: readonly string[]): string {
  return `service ${service} has started ${taskIds.length} tasks: ${taskList(taskIds)}.`;
}

export function stoppedTasks(service: string, taskIds: readonly string[]): string {
  return `service ${service} has stopped ${taskIds.length} running tasks: ${taskList(taskIds)}.`;
}

export function steadyState(service: string): string {
  return `service ${service} has reached a steady state.`;
}

export function deploymentCompleted(service: string, deploymentId: string): string {
  return `service ${service} (deployment ${deploymentId}) deployment completed.`;
}

/** ecsim's own message (ECS has none short of a circuit breaker): why a deployment cannot move. */
export function deploymentStuck(service: string, deploymentId: string, why: string): string {
  return `service ${service} (deployment ${deploymentId}) cannot progress: ${why}.`;
}
