// What RunTask keeps between calls to spare work on every call — the constraint-free placement
// request of a definition and group, the definition a `family:revision` names, the shared empty
// failure list of the runner entry point — never leaks into an answer: each response owns its
// lists, a deregistered revision is refused although it was resolved before, and a group or a
// constraint given on one call does not carry over to the next.
import { describe, expect, it } from 'vitest';
import { expectEcsError, newSim, registerInstance, registerTd } from '../../helpers/fixtures.js';

describe('RunTask: what is kept between calls', () => {
  it('answers every call with failures of its own', () => {
    const sim = newSim();
    registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app' }]);
    const a = sim.ecs.runTask({ taskDefinition: 'web:1' });
    expect(a.failures).toEqual([]);
    a.failures!.push({ arn: 'x', reason: 'changed by the caller' });
    const b = sim.ecs.runTask({ taskDefinition: 'web:1' });
    expect(b.failures).toEqual([]);
    expect(b.tasks).toHaveLength(1);
  });

  it('refuses a revision deregistered after a call resolved it', () => {
    const sim = newSim();
    registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app' }]);
    expect(sim.ecs.runTask({ taskDefinition: 'web:1' }).tasks).toHaveLength(1);
    sim.ecs.deregisterTaskDefinition({ taskDefinition: 'web:1' });
    expect(expectEcsError(() => sim.ecs.runTask({ taskDefinition: 'web:1' }), 'ClientException').message).toMatch(/inactive/);
    // a bare family names the latest ACTIVE revision at the time of the call
    registerTd(sim, 'web', [{ name: 'app2' }]);
    expect(sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!.taskDefinitionArn).toMatch(/web:2$/);
  });

  it('counts each call in its own group and holds each call to its own constraints', () => {
    const sim = newSim();
    registerInstance(sim);
    registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app', cpu: 10, memory: 10 }]);
    const first = sim.ecs.runTask({ taskDefinition: 'web', group: 'g1', count: 2, placementConstraints: [{ type: 'distinctInstance' }] });
    expect(new Set(first.tasks.map((t) => t.containerInstanceArn)).size).toBe(2);
    // no constraint this time: a third task of g1 may share an instance
    expect(sim.ecs.runTask({ taskDefinition: 'web', group: 'g1' }).tasks).toHaveLength(1);
    // the constraint again, in another group: both instances are free of g2
    const g2 = sim.ecs.runTask({ taskDefinition: 'web', group: 'g2', count: 2, placementConstraints: [{ type: 'distinctInstance' }] });
    expect(g2.tasks).toHaveLength(2);
    const again = sim.ecs.runTask({ taskDefinition: 'web', group: 'g1', count: 1, placementConstraints: [{ type: 'distinctInstance' }] });
    expect(again.tasks).toHaveLength(0);
    const groups = sim.controlPlane.placement.groups;
    const slots = sim.controlPlane.instancesBySlot.map((i) => i.slot);
    expect(slots.reduce((n, s) => n + groups.count('g1', s), 0)).toBe(3);
    expect(slots.reduce((n, s) => n + groups.count('family:web', s), 0)).toBe(0);
  });
});
