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

/** The fields of a container definition (ECS's spelling) that make up its demand. */
export interface ContainerDemand {
  readonly cpu?: number | undefined;
  readonly memory?: number | undefined;
  readonly portMappings?: readonly { readonly hostPort?: number | undefined; readonly protocol?: string | undefined }[] | undefined;
  readonly resourceRequirements?: readonly { readonly type: string; readonly value: string }[] | undefined;
}

/** What one task of these containers asks of an instance. */
export function demandOf(defs: readonly ContainerDemand[]): Demand {
  let cpu = 0;
  let memory = 0;
  const tcp: number[] = [];
  const udp: number[] = [];
  let dynamicTcp = 0;
  let dynamicUdp = 0;
  const extra = new Map<string, number>();
  for (const d of defs) {
    cpu += d.cpu ?? 0;
    memory += d.memory ?? 0;
    for (const pm of d.portMappings ?? []) {
      const udpMapping = pm.protocol === 'udp';
      if (pm.hostPort) (udpMapping ? udp : tcp).push(pm.hostPort);
      else if (udpMapping) dynamicUdp++;
      else dynamicTcp++;
    }
    for (const rr of d.resourceRequirements ?? []) extra.set(rr.type, addDecimal(extra.get(rr.type) ?? 0, Number(rr.value)));
  }
  return {
    cpu,
    memory,
    extraNames: [...extra.keys()],
    extraAmounts: [...extra.values()],
    tcpPorts: tcp,
    udpPorts: udp,
    dynamicTcp,
    dynamicUdp,
  };
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

/**
 * `a + b` for amounts of user-defined resources. Those are decimals (`value: "0.1"`), which binary
 * floating point holds only approximately, so the sum is rounded to a billionth — the double
 * nearest the exact decimal result — and 0.3 - 0.2 leaves 0.1, three tasks of 0.1 fit in 0.3, and
 * every release gives back exactly what was taken. Integers come out unchanged; beyond ±4,000,000
 * a billionth is below a double's precision, and plain addition is used.
 */
export function addDecimal(a: number, b: number): number {
  const x = a + b;
  return Math.abs(x) < 4e6 ? Math.round(x * 1e9) / 1e9 : x;
}
