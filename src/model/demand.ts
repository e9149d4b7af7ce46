// What one task asks of an instance, computed once per task definition and read per candidate.

export interface Demand {
  readonly cpu: number;
  readonly memory: number;
  /** User-defined resources: parallel arrays of resource dimension and amount. */
  readonly extraNames: readonly string[];
  readonly extraAmounts: readonly number[];
  /** Fixed host ports, held in PORTS / PORTS_UDP while the task lives. */
  readonly tcpPorts: readonly number[];
  readonly udpPorts: readonly number[];
  /** Container ports with hostPort 0 or omitted: each gets a dynamic port (49153–65535). */
  readonly dynamicTcp: number;
  readonly dynamicUdp: number;
}

/** First reason an instance cannot take a demand, in the order ECS checks them. */
export const FIT_OK = 0;
export const FIT_AGENT = 1;
export const FIT_CPU = 2;
export const FIT_MEMORY = 3;
export const FIT_PORTS = 4;
export const FIT_PORTS_UDP = 5;
export const FIT_INACTIVE = 6;
/** FIT_EXTRA + k: the k-th user-defined resource of the demand. */
export const FIT_EXTRA = 16;

/** The `failures[].reason` text of a fit code. */
export function fitReason(code: number, demand: Demand): string {
  switch (code) {
    case FIT_AGENT:
      return 'AGENT';
    case FIT_CPU:
      return 'RESOURCE:CPU';
    case FIT_MEMORY:
      return 'RESOURCE:MEMORY';
    case FIT_PORTS:
      return 'RESOURCE:PORTS';
    case FIT_PORTS_UDP:
      return 'RESOURCE:PORTS_UDP';
    case FIT_INACTIVE:
      return 'INACTIVE';
    default:
      return `RESOURCE:${demand.extraNames[code - FIT_EXTRA] ?? '?'}`;
  }
}
