// A small built-in EC2 instance type table used to give a container instance its default
// resources when it registers without totalResources. CPU is 1024 units per vCPU, as the
// ECS agent registers it; MEMORY is the instance's memory in MiB as the agent reports it
// (physical memory less what the OS and agent keep, rounded as the agent does).

export interface InstanceTypeSpec {
  readonly vcpu: number;
  readonly memoryMiB: number;
}

const GIB = 1024;

/** Registered MiB for a type with `gib` of physical memory: the agent keeps about 3% back. */
function agentMiB(gib: number): number {
  return Math.floor(gib * GIB * 0.97);
}

const table: Readonly<Record<string, InstanceTypeSpec>> = {
  't2.nano': { vcpu: 1, memoryMiB: agentMiB(0.5) },
  't2.micro': { vcpu: 1, memoryMiB: agentMiB(1) },
  't2.small': { vcpu: 1, memoryMiB: agentMiB(2) },
  't2.medium': { vcpu: 2, memoryMiB: agentMiB(4) },
  't2.large': { vcpu: 2, memoryMiB: agentMiB(8) },
  'm3.medium': { vcpu: 1, memoryMiB: agentMiB(3.75) },
  'm3.large': { vcpu: 2, memoryMiB: agentMiB(7.5) },
  'm3.xlarge': { vcpu: 4, memoryMiB: agentMiB(15) },
  'm3.2xlarge': { vcpu: 8, memoryMiB: agentMiB(30) },
  'm4.large': { vcpu: 2, memoryMiB: agentMiB(8) },
  'm4.xlarge': { vcpu: 4, memoryMiB: agentMiB(16) },
  'm4.2xlarge': { vcpu: 8, memoryMiB: agentMiB(32) },
  'm4.4xlarge': { vcpu: 16, memoryMiB: agentMiB(64) },
  'm4.10xlarge': { vcpu: 40, memoryMiB: agentMiB(160) },
  'c4.large': { vcpu: 2, memoryMiB: agentMiB(3.75) },
  'c4.xlarge': { vcpu: 4, memoryMiB: agentMiB(7.5) },
  'c4.2xlarge': { vcpu: 8, memoryMiB: agentMiB(15) },
  'c4.4xlarge': { vcpu: 16, memoryMiB: agentMiB(30) },
  'c4.8xlarge': { vcpu: 36, memoryMiB: agentMiB(60) },
  'r3.large': { vcpu: 2, memoryMiB: agentMiB(15.25) },
  'r3.xlarge': { vcpu: 4, memoryMiB: agentMiB(30.5) },
  'r3.2xlarge': { vcpu: 8, memoryMiB: agentMiB(61) },
  'r3.4xlarge': { vcpu: 16, memoryMiB: agentMiB(122) },
  'r3.8xlarge': { vcpu: 32, memoryMiB: agentMiB(244) },
  'c5.large': { vcpu: 2, memoryMiB: agentMiB(4) },
  'c5.xlarge': { vcpu: 4, memoryMiB: agentMiB(8) },
  'c5.2xlarge': { vcpu: 8, memoryMiB: agentMiB(16) },
  'm5.large': { vcpu: 2, memoryMiB: agentMiB(8) },
  'm5.xlarge': { vcpu: 4, memoryMiB: agentMiB(16) },
  'm5.2xlarge': { vcpu: 8, memoryMiB: agentMiB(32) },
  'm5.4xlarge': { vcpu: 16, memoryMiB: agentMiB(64) },
  'r5.large': { vcpu: 2, memoryMiB: agentMiB(16) },
  'r5.xlarge': { vcpu: 4, memoryMiB: agentMiB(32) },
  'p2.xlarge': { vcpu: 4, memoryMiB: agentMiB(61) },
};

/** Resources of an instance that registers with no identity document and no totalResources. */
export const DEFAULT_INSTANCE: InstanceTypeSpec = { vcpu: 1, memoryMiB: 2048 };

export function instanceTypeSpec(type: string): InstanceTypeSpec | undefined {
  return Object.prototype.hasOwnProperty.call(table, type) ? table[type] : undefined;
}

export function instanceTypeNames(): string[] {
  return Object.keys(table);
}
