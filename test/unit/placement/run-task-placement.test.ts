// RunTask with placementStrategy / placementConstraints / group, through createSimulation's
// default placement adapter (issue 5 "Strategies"), and the plain 2015 path left untouched.
import { describe, expect, it } from 'vitest';
import { startTaskWithStrategy, type PlacementStrategy } from '../../../src/index.js';
import { RANDOM } from '../../../src/placement/builtin.js';
import { EcsError, expectEcsError, newSim, simpleTd, type Sim } from '../../helpers/fixtures.js';

interface Inst {
  memory?: number;
  cpu?: number;
  zone?: string;
  type?: string;
}

/** Registers instances with attributes `zone` and (through the identity document) `ecs.instance-type`. */
function fleet(sim: Sim, specs: Inst[]): string[] {
  return specs.map((s, i) => {
    const req: Parameters<Sim['ecs']['registerContainerInstance']>[0] = {
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: s.cpu ?? 4096 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: s.memory ?? 8192 },
      ],
      instanceIdentityDocument: JSON.stringify({ instanceId: `i-${String(i).padStart(8, '0')}`, instanceType: s.type ?? 'm4.large' }),
    };
    if (s.zone !== undefined) req.attributes = [{ name: 'zone', value: s.zone }];
    return sim.ecs.registerContainerInstance(req).containerInstance.containerInstanceArn;
  });
}

const instanceOf = (sim: Sim, strategy: unknown, extra: Record<string, unknown> = {}): string[] =>
  sim.ecs.runTask({ taskDefinition: 'web', count: 1, ...extra, placementStrategy: strategy } as never).tasks.map((t) => t.containerInstanceArn);

describe('RunTask placementStrategy', () => {
  it('binpack memory puts the task on the instance with the least remaining memory that fits', () => {
    const sim = newSim();
    const [a, b, c] = fleet(sim, [{ memory: 4096 }, { memory: 1024 }, { memory: 2048 }]);
    simpleTd(sim, 'web', { memory: 512 });
    expect(instanceOf(sim, [{ type: 'binpack', field: 'memory' }])).toEqual([b]);
    expect(instanceOf(sim, [{ type: 'binpack', field: 'memory' }])).toEqual([b]); // 512 left on b
    expect(instanceOf(sim, [{ type: 'binpack', field: 'memory' }])).toEqual([c]); // b is full
    expect([a]).toHaveLength(1);
  });

  it('spread by instanceId fills instances evenly within the task group', () => {
    const sim = newSim();
    const arns = fleet(sim, [{}, {}, {}]);
    simpleTd(sim, 'web', { memory: 128 });
    const placed = sim.ecs.runTask({ taskDefinition: 'web', count: 6, placementStrategy: [{ type: 'spread', field: 'instanceId' }] }).tasks;
    const per = arns.map((arn) => placed.filter((t) => t.containerInstanceArn === arn).length);
    expect(per).toEqual([2, 2, 2]);
  });

  it('spread by attribute balances the attribute values, not the instances', () => {
    const sim = newSim();
    const arns = fleet(sim, [{ zone: 'a' }, { zone: 'a' }, { zone: 'a' }, { zone: 'b' }]);
    simpleTd(sim, 'web', { memory: 128 });
    const res = sim.ecs.runTask({ taskDefinition: 'web', count: 8, placementStrategy: [{ type: 'spread', field: 'attribute:zone' }] });
    expect(res.tasks.filter((t) => t.containerInstanceArn === arns[3]).length).toBe(4);
  });

  it('rejects a bad strategy with InvalidParameterException and changes nothing', () => {
    const sim = newSim();
    fleet(sim, [{}]);
    simpleTd(sim, 'web');
    expectEcsError(() => instanceOf(sim, [{ type: 'binpack', field: 'disk' }]), 'InvalidParameterException');
    expectEcsError(() => instanceOf(sim, [{ type: 'tetris' }]), 'InvalidParameterException');
    expectEcsError(() => instanceOf(sim, Array.from({ length: 6 }, () => ({ type: 'random' }))), 'InvalidParameterException');
    expect(sim.ecs.listTasks({}).taskArns).toEqual([]);
  });
});

describe('RunTask placementConstraints', () => {
  it('memberOf keeps tasks on the instances the expression selects', () => {
    const sim = newSim();
    const [a, , c] = fleet(sim, [{ zone: 'us-east-1a' }, { zone: 'us-east-1b' }, { zone: 'us-east-1a' }]);
    simpleTd(sim, 'web', { memory: 128 });
    const res = sim.ecs.runTask({
      taskDefinition: 'web',
      count: 10,
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:zone == us-east-1a' }],
    });
    expect(res.tasks).toHaveLength(10);
    for (const t of res.tasks) expect([a, c]).toContain(t.containerInstanceArn);
  });

  it('reports ATTRIBUTE for an instance without the attribute and the memberOf text for a mismatch', () => {
    const sim = newSim();
    const [a, b] = fleet(sim, [{ zone: 'x' }, {}]);
    simpleTd(sim, 'web');
    const res = sim.ecs.runTask({ taskDefinition: 'web', placementConstraints: [{ type: 'memberOf', expression: 'attribute:zone == y' }] });
    expect(res.tasks).toEqual([]);
    expect(res.failures).toEqual([
      { arn: a, reason: 'MemberOf placement constraint unsatisfied.' },
      { arn: b, reason: 'ATTRIBUTE' },
    ]);
  });

  it('distinctInstance places each task of a group on its own instance and says why the rest failed', () => {
    const sim = newSim();
    const arns = fleet(sim, [{}, {}, {}]);
    simpleTd(sim, 'web', { memory: 128 });
    const res = sim.ecs.runTask({ taskDefinition: 'web', count: 5, group: 'svc', placementConstraints: [{ type: 'distinctInstance' }] });
    expect(new Set(res.tasks.map((t) => t.containerInstanceArn)).size).toBe(3);
    expect(res.tasks.every((t) => t.group === 'svc')).toBe(true);
    expect(res.failures).toEqual(arns.map((arn) => ({ arn, reason: 'DistinctInstance placement constraint unsatisfied.' })));
    // another group is not affected
    expect(sim.ecs.runTask({ taskDefinition: 'web', group: 'other', placementConstraints: [{ type: 'distinctInstance' }] }).tasks).toHaveLength(1);
  });

  it('a stopped task no longer counts for distinctInstance', () => {
    const sim = newSim();
    fleet(sim, [{}]);
    simpleTd(sim, 'web', { memory: 128 });
    const req = { taskDefinition: 'web', group: 'g', placementConstraints: [{ type: 'distinctInstance' as const }] };
    const first = sim.ecs.runTask(req).tasks[0]!;
    expect(sim.ecs.runTask(req).tasks).toEqual([]);
    sim.ecs.stopTask({ task: first.taskArn });
    sim.runUntilIdle();
    expect(sim.ecs.runTask(req).tasks).toHaveLength(1);
  });

  it('resource reasons come before constraint reasons', () => {
    const sim = newSim();
    const [a] = fleet(sim, [{ memory: 64, zone: 'b' }]);
    simpleTd(sim, 'web', { memory: 128 });
    const res = sim.ecs.runTask({ taskDefinition: 'web', placementConstraints: [{ type: 'memberOf', expression: 'attribute:zone == a' }] });
    expect(res.failures).toEqual([{ arn: a, reason: 'RESOURCE:MEMORY' }]);
  });

  it('matches ecs.instance-type from the identity document', () => {
    const sim = newSim();
    const [, big] = fleet(sim, [{ type: 't2.small' }, { type: 'm4.xlarge' }]);
    simpleTd(sim, 'web');
    for (let i = 0; i < 5; i++) {
      const t = sim.ecs.runTask({ taskDefinition: 'web', placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m4.*' }] });
      expect(t.tasks[0]!.containerInstanceArn).toBe(big);
    }
  });

  it('rejects a constraint that does not parse, naming the column', () => {
    const sim = newSim();
    fleet(sim, [{}]);
    simpleTd(sim, 'web');
    const e = expectEcsError(
      () => sim.ecs.runTask({ taskDefinition: 'web', placementConstraints: [{ type: 'memberOf', expression: 'attribute:zone === a' }] }),
      'InvalidParameterException',
    );
    expect(e.message).toContain('placementConstraints[0].expression');
    expect(e.message).toMatch(/column \d+/);
    expectEcsError(() => sim.ecs.runTask({ taskDefinition: 'web', placementConstraints: [{ type: 'distinctInstance', expression: 'x' }] }), 'InvalidParameterException');
    expectEcsError(() => sim.ecs.runTask({ taskDefinition: 'web', placementConstraints: [{ type: 'memberOf' }] }), 'InvalidParameterException');
    expectEcsError(
      () => sim.ecs.runTask({ taskDefinition: 'web', placementConstraints: Array.from({ length: 11 }, () => ({ type: 'distinctInstance' as const })) }),
      'InvalidParameterException',
    );
  });
});

describe('the plain 2015 path', () => {
  it('a RunTask without placement keys draws exactly as the random strategy named or given', () => {
    const run = (opts: Parameters<typeof newSim>[0]) => {
      const sim = newSim(opts);
      fleet(sim, Array.from({ length: 20 }, () => ({})));
      simpleTd(sim, 'web', { memory: 256 });
      const out: string[] = [];
      for (let i = 0; i < 30; i++) out.push(...sim.ecs.runTask({ taskDefinition: 'web', count: 3 }).tasks.map((t) => t.containerInstanceArn));
      out.push(...sim.ecs.runTask({ taskDefinition: 'web', placementStrategy: [{ type: 'random' }] }).tasks.map((t) => t.containerInstanceArn));
      return out;
    };
    const plain = run({});
    expect(new Set(plain).size).toBeGreaterThan(5);
    expect(run({ strategy: 'random' })).toEqual(plain);
    expect(run({ strategy: RANDOM })).toEqual(plain);
    expect(run({ seed: 'another' })).not.toEqual(plain);
  });

  it('a default strategy applies to RunTask requests that name none', () => {
    const sim = newSim({ strategy: 'binpack:memory' });
    const [, small] = fleet(sim, [{ memory: 4096 }, { memory: 1024 }]);
    simpleTd(sim, 'web', { memory: 256 });
    expect(sim.ecs.runTask({ taskDefinition: 'web', count: 4 }).tasks.map((t) => t.containerInstanceArn)).toEqual([small, small, small, small]);
  });
});

describe('custom strategies', () => {
  const lastFit: PlacementStrategy = {
    name: 'last-fit',
    place(request, view) {
      const c = view.candidates(request);
      return c.length === 0 ? -1 : c[c.length - 1]!;
    },
  };

  it('a strategy object given to createSimulation places every RunTask that names none', () => {
    const sim = newSim({ strategy: lastFit });
    const arns = fleet(sim, [{}, {}, {}]);
    simpleTd(sim, 'web', { memory: 128 });
    expect(sim.ecs.runTask({ taskDefinition: 'web', count: 2 }).tasks.map((t) => t.containerInstanceArn)).toEqual([arns[2], arns[2]]);
    // a request's own placementStrategy still wins
    expect(instanceOf(sim, [{ type: 'binpack', field: 'memory' }])).toEqual([arns[2]]);
    expect(instanceOf(sim, [{ type: 'spread', field: 'instanceId' }])[0]).not.toBe(arns[2]);
  });

  it('a strategy that picks an instance that cannot take the task stops the call with its name', () => {
    const sim = newSim({ strategy: { name: 'always-zero', place: () => 0 } });
    fleet(sim, [{ memory: 64 }, {}]);
    simpleTd(sim, 'web', { memory: 128 });
    let err: unknown;
    try {
      sim.ecs.runTask({ taskDefinition: 'web' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EcsError);
    expect((err as Error).message).toMatch(/always-zero.*RESOURCE:MEMORY/);
    expect(sim.ecs.listTasks({}).taskArns).toEqual([]);
  });

  it('startTaskWithStrategy schedules StartTask launches with a strategy and explains failures', () => {
    const sim = newSim();
    const arns = fleet(sim, [{ memory: 300 }, { memory: 300 }]);
    simpleTd(sim, 'web', { memory: 128 });
    const res = startTaskWithStrategy(sim, lastFit, { taskDefinition: 'web', count: 5, group: 'batch' });
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual([arns[1], arns[1], arns[0], arns[0]]);
    expect(res.tasks.every((t) => t.group === 'batch')).toBe(true);
    expect(res.failures).toEqual(arns.map((arn) => ({ arn, reason: 'RESOURCE:MEMORY' })));
  });
});
