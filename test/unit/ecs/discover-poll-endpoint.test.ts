// DiscoverPollEndpoint (issue 2 §4).
import { describe, expect, it } from 'vitest';
import { idOf, newSim, registerInstance } from '../../helpers/fixtures.js';

describe('DiscoverPollEndpoint', () => {
  it('returns an https ECS agent endpoint in the simulation region', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    const res = sim.ecs.discoverPollEndpoint({ containerInstance: inst });
    expect(Object.keys(res)).toContain('endpoint');
    expect(res.endpoint).toMatch(/^https:\/\/ecs-a-[0-9a-z-]+\.us-east-1\.amazonaws\.com\/?$/);
  });

  it('follows the region option', () => {
    const sim = newSim({ region: 'eu-west-1' });
    const inst = registerInstance(sim);
    expect(sim.ecs.discoverPollEndpoint({ containerInstance: inst }).endpoint).toMatch(
      /^https:\/\/ecs-a-[0-9a-z-]+\.eu-west-1\.amazonaws\.com\/?$/,
    );
  });

  it('accepts the instance UUID and changes no state', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    const before = JSON.stringify(sim.ecs.describeContainerInstances({ containerInstances: [inst] }));
    expect(typeof sim.ecs.discoverPollEndpoint({ containerInstance: idOf(inst) }).endpoint).toBe('string');
    expect(JSON.stringify(sim.ecs.describeContainerInstances({ containerInstances: [inst] }))).toBe(before);
    expect(sim.now()).toBe(0);
  });
});
