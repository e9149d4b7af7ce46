import { describe, expect, it } from 'vitest';

import { EC2_INSTANCE_TYPES, instanceTypeNames, instanceTypeResources } from '../../src/model/instance-types.js';

describe('instanceTypeResources', () => {
  it.each([
    ['t2.micro', 1024, 1003],
    ['m3.medium', 1024, 3763],
    ['m4.large', 2048, 8028],
    ['c4.large', 2048, 3763],
    ['r3.large', 2048, 15303],
    ['m4.10xlarge', 40 * 1024, 160_563],
    ['c5.large', 2048, 4014],
  ])('gives %s %d CPU units and %d MiB', (type, cpu, memory) => {
    expect(instanceTypeResources(type)).toEqual({ CPU: cpu, MEMORY: memory });
  });

  it('adds GPU for accelerated types', () => {
    expect(instanceTypeResources('p2.8xlarge')).toEqual({ CPU: 32 * 1024, MEMORY: Math.floor(488 * 1024 * 0.98), GPU: 8 });
  });

  it.each(['m4.larg', 'M4.LARGE', '', 'toString', '__proto__', 'constructor'])('knows nothing of %j', (type) => {
    expect(instanceTypeResources(type)).toBeUndefined();
  });

  it('returns a fresh object each time', () => {
    const first = instanceTypeResources('m4.large')!;
    first.CPU = 1;
    expect(instanceTypeResources('m4.large')!.CPU).toBe(2048);
  });

  it('covers the families the format promises', () => {
    const names = instanceTypeNames();
    for (const type of ['t2.micro', 't2.small', 't2.medium', 't2.large', 'm3.medium', 'm3.2xlarge', 'm4.large', 'm4.10xlarge', 'c4.large', 'c4.8xlarge', 'r3.large', 'r3.8xlarge', 'c5.large', 'm5.large']) {
      expect(names).toContain(type);
    }
  });

  it('registers 1024 CPU per vCPU and a little less MEMORY than installed, for every type', () => {
    for (const [type, spec] of Object.entries(EC2_INSTANCE_TYPES)) {
      const resources = instanceTypeResources(type)!;
      expect(resources.CPU).toBe(spec.vcpus * 1024);
      expect(resources.MEMORY).toBeLessThan(spec.memoryGiB * 1024);
      expect(resources.MEMORY).toBeGreaterThan(spec.memoryGiB * 1024 * 0.95);
      expect(Number.isInteger(resources.MEMORY)).toBe(true);
    }
  });
});
