// A placement request or strategy spelled wrongly. The placement layer cannot name ECS's
// exceptions (it sits below the control plane), so it throws this and the control plane turns
// it into InvalidParameterException; the CLI turns it into a usage error (exit 2).

/** A malformed placement strategy, constraint or query expression; the message says where and why. */
export class PlacementParameterError extends Error {
  override readonly name = 'PlacementParameterError';
}
