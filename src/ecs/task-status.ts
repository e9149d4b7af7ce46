// A task's and a container's status as the control plane stores it: a small integer, in the order
// statuses may move (PENDING → RUNNING → STOPPED), with the names ECS spells them by.
export const PENDING = 0;
export const RUNNING = 1;
export const STOPPED = 2;
export type StatusCode = typeof PENDING | typeof RUNNING | typeof STOPPED;
export const STATUS_NAMES = ['PENDING', 'RUNNING', 'STOPPED'] as const;
