// Built-in EC2 instance types, so a scenario can say `type: m4.large` instead of spelling out resources.
// The figures are what the ECS container agent would register for the type, not what EC2 sells:
//
// - CPU: 1024 units per vCPU (the agent registers `cores × 1024`).
// - MEMORY (MiB): the agent registers the memory the OS reports (MemTotal), not the installed memory.
//   The kernel keeps about 1.6% for page tables (64 bytes per 4 KiB page) plus a few MiB, so MemTotal is
//   close to 98% of the installed memory. Rule used here: MEMORY = floor(installed MiB × 0.98).
//   It is an approximation: the exact figure depends on the AMI and kernel, so an m4.large here registers
//   8,028 of its 8,192 MiB where a real one may show a few tens of MiB less. ECS_RESERVED_MEMORY is not
//   subtracted: write `resources: { MEMORY: … }` to model it, or to use what a real fleet registered.
// - GPU: the number of GPUs, for the GPU-equipped types, as a user-defined INTEGER resource.
//
// The set is the 2015–2016 generation the 2015-01-08 API ran on (t2, m3, m4, c3, c4, r3, g2, p2) plus a
// few current-generation general and compute types (m5, c5) for comparison.

/** What EC2 sells for a type; the registered resources are derived from it by {@link instanceTypeResources}. */
export interface InstanceTypeSpec {
  readonly vcpus: number;
  /** Installed memory in GiB, as EC2 lists it (0.5, 3.75, 15.25…). */
  readonly memoryGiB: number;
  /** GPUs, for accelerated types; absent otherwise. */
  readonly gpus?: number;
}

/** Resources as a container instance registers them: CPU units, MEMORY MiB, plus user-defined integers. */
export interface InstanceResources {
  CPU: number;
  MEMORY: number;
  [name: string]: number;
}

const spec = (vcpus: number, memoryGiB: number, gpus?: number): InstanceTypeSpec =>
  gpus === undefined ? { vcpus, memoryGiB } : { vcpus, memoryGiB, gpus };

/** The built-in table, keyed by EC2 API name. Frozen: callers get copies from {@link instanceTypeResources}. */
export const EC2_INSTANCE_TYPES: Readonly<Record<string, InstanceTypeSpec>> = Object.freeze({
  't2.nano': spec(1, 0.5),
  't2.micro': spec(1, 1),
  't2.small': spec(1, 2),
  't2.medium': spec(2, 4),
  't2.large': spec(2, 8),
  't2.xlarge': spec(4, 16),
  't2.2xlarge': spec(8, 32),

  'm3.medium': spec(1, 3.75),
  'm3.large': spec(2, 7.5),
  'm3.xlarge': spec(4, 15),
  'm3.2xlarge': spec(8, 30),

  'm4.large': spec(2, 8),
  'm4.xlarge': spec(4, 16),
  'm4.2xlarge': spec(8, 32),
  'm4.4xlarge': spec(16, 64),
  'm4.10xlarge': spec(40, 160),
  'm4.16xlarge': spec(64, 256),

  'c3.large': spec(2, 3.75),
  'c3.xlarge': spec(4, 7.5),
  'c3.2xlarge': spec(8, 15),
  'c3.4xlarge': spec(16, 30),
  'c3.8xlarge': spec(32, 60),

  'c4.large': spec(2, 3.75),
  'c4.xlarge': spec(4, 7.5),
  'c4.2xlarge': spec(8, 15),
  'c4.4xlarge': spec(16, 30),
  'c4.8xlarge': spec(36, 60),

  'r3.large': spec(2, 15.25),
  'r3.xlarge': spec(4, 30.5),
  'r3.2xlarge': spec(8, 61),
  'r3.4xlarge': spec(16, 122),
  'r3.8xlarge': spec(32, 244),

  'g2.2xlarge': spec(8, 15, 1),
  'g2.8xlarge': spec(32, 60, 4),
  'p2.xlarge': spec(4, 61, 1),
  'p2.8xlarge': spec(32, 488, 8),
  'p2.16xlarge': spec(64, 732, 16),

  'c5.large': spec(2, 4),
  'c5.xlarge': spec(4, 8),
  'c5.2xlarge': spec(8, 16),
  'c5.4xlarge': spec(16, 32),
  'c5.9xlarge': spec(36, 72),
  'c5.18xlarge': spec(72, 144),

  'm5.large': spec(2, 8),
  'm5.xlarge': spec(4, 16),
  'm5.2xlarge': spec(8, 32),
  'm5.4xlarge': spec(16, 64),
  'm5.12xlarge': spec(48, 192),
  'm5.24xlarge': spec(96, 384),
});

/** CPU units the agent registers per vCPU. */
export const CPU_UNITS_PER_VCPU = 1024;

/** Fraction of installed memory the agent registers as MEMORY (see the module comment). */
export const REGISTERED_MEMORY_FRACTION = 0.98;

/** Names of the built-in types, in table order (for docs and "did you mean" suggestions). */
export function instanceTypeNames(): string[] {
  return Object.keys(EC2_INSTANCE_TYPES);
}

/**
 * Resources a container instance of the given EC2 type registers: `CPU` (1024 per vCPU), `MEMORY`
 * (MiB, floor(installed MiB × 0.98)) and `GPU` for accelerated types. Returns a fresh object the
 * caller may change, or `undefined` for a type not in the built-in table (never throws).
 */
export function instanceTypeResources(type: string): InstanceResources | undefined {
  if (!Object.hasOwn(EC2_INSTANCE_TYPES, type)) return undefined;
  const entry = EC2_INSTANCE_TYPES[type];
  if (entry === undefined) return undefined;
  const resources: InstanceResources = {
    CPU: entry.vcpus * CPU_UNITS_PER_VCPU,
    MEMORY: Math.floor(entry.memoryGiB * 1024 * REGISTERED_MEMORY_FRACTION),
  };
  if (entry.gpus !== undefined) resources['GPU'] = entry.gpus;
  return resources;
}

/** Resources of an instance that registers with no instance type and no totalResources. */
export const DEFAULT_INSTANCE_RESOURCES: Readonly<InstanceResources> = Object.freeze({ CPU: 1024, MEMORY: 2048 });
