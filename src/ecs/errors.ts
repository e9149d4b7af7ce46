// Caller mistakes are thrown as EcsError named as AWS names the exception; expected outcomes
// (a task that could not be placed) are values in `failures[]`, never exceptions.

export type EcsErrorName =
  | 'ClientException'
  | 'InvalidParameterException'
  | 'ClusterNotFoundException'
  | 'ClusterContainsContainerInstancesException'
  | 'ServerException';

export class EcsError extends Error {
  override readonly name: EcsErrorName;
  /** The action that rejected the call, e.g. 'RunTask'. */
  readonly action: string;

  constructor(name: EcsErrorName, message: string, action = '') {
    super(message);
    this.name = name;
    this.action = action;
  }
}

export const clientError = (msg: string): EcsError => new EcsError('ClientException', msg);
export const invalidParameter = (msg: string): EcsError => new EcsError('InvalidParameterException', msg);
export const clusterNotFound = (): EcsError => new EcsError('ClusterNotFoundException', 'Cluster not found.');

/** A broken internal invariant: a bug in ecsim, never a caller mistake. Stops the run. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}
