// The task lifecycle in auto and manual agent modes: PENDING → RUNNING → STOPPED, essential
// containers, host ports, stoppedReason texts, SubmitTaskStateChange / SubmitContainerStateChange
// (issue 2 §4 "Lifecycle").
import { describe, expect, it } from 'vitest';
import {
  AGENT_PORTS,
  createSimulation,
  describeInstance,
  describeTask,
  expectEcsError,
  newSim,
  registerInstance,
  registerTd,
  remaining,
  resValue,
  setValue,
  simpleTd,
} from '../../helpers/fixtures.js';

const DYN_LO = 49153;
const DYN_HI = 65535;

describe('auto agent mode', () => {
  it('is the default: tasks reach RUNNING by themselves', () => {
    const sim = createSimulation({ seed: 1 });
    registerInstance(sim);
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntilIdle();
    expect(describeTask(sim, t.taskArn).lastStatus).toBe('RUNNING');
  });

  it('reports the task and its containers RUNNING exactly startDelayMs after placement', () => {
    const sim = newSim({ agent: { mode: 'auto', startDelayMs: 300 } });
    registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'a' }, { name: 'b' }]);
    sim.runUntil(1000);
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntil(1299);
    expect(describeTask(sim, t.taskArn).lastStatus).toBe('PENDING');
    sim.runUntil(1300);
    const d = describeTask(sim, t.taskArn);
    expect(d.lastStatus).toBe('RUNNING');
    expect(d.desiredStatus).toBe('RUNNING');
    expect(d.containers.map((c) => c.lastStatus)).toEqual(['RUNNING', 'RUNNING']);
    expect(d.createdAt).toBe(1000);
    expect(d.startedAt).toBe(1300);
  });

  it('runs a task to RUNNING and never stops it without a request', () => {
    const sim = newSim();
    registerInstance(sim);
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntilIdle();
    sim.runUntil(sim.now() + 10_000_000);
    expect(describeTask(sim, t.taskArn).lastStatus).toBe('RUNNING');
  });

  it('an essential container reported STOPPED stops the task with "Essential container in task exited"', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app', memory: 200 }, { name: 'side', memory: 100, essential: false }]);
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntilIdle();
    sim.ecs.submitContainerStateChange({ task: t.taskArn, containerName: 'app', status: 'STOPPED', exitCode: 137 });
    sim.runUntilIdle();
    const d = describeTask(sim, t.taskArn);
    expect(d.lastStatus).toBe('STOPPED');
    expect(d.desiredStatus).toBe('STOPPED');
    expect(d.stoppedReason).toBe('Essential container in task exited');
    expect(d.containers.find((c) => c.name === 'app')!.exitCode).toBe(137);
    expect(d.containers.every((c) => c.lastStatus === 'STOPPED')).toBe(true);
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(2048);
  });

  it('a disconnected agent reports nothing; the task moves on once it reconnects (real ECS)', () => {
    const sim = newSim({ agent: { mode: 'auto', startDelayMs: 100 } });
    const inst = registerInstance(sim);
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.disconnectAgent(inst);
    sim.runUntil(10_000);
    expect(describeTask(sim, t.taskArn).lastStatus).toBe('PENDING');
    sim.connectAgent(inst);
    sim.runUntilIdle();
    expect(describeTask(sim, t.taskArn).lastStatus).toBe('RUNNING');
  });
});

describe('manual agent mode', () => {
  function manual() {
    const sim = newSim({ agent: { mode: 'manual' } });
    const inst = registerInstance(sim, { cpu: 1024, memory: 2048 });
    registerTd(sim, 'web', [
      { name: 'app', cpu: 100, memory: 300, portMappings: [{ containerPort: 80, hostPort: 8080 }] },
      { name: 'side', cpu: 50, memory: 100, essential: false },
    ]);
    const task = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    return { sim, inst, task, arn: task.taskArn };
  }

  it('nothing moves by itself', () => {
    const { sim, arn } = manual();
    sim.runUntil(1_000_000);
    sim.runUntilIdle();
    const d = describeTask(sim, arn);
    expect(d.lastStatus).toBe('PENDING');
    expect(d.containers.every((c) => c.lastStatus === 'PENDING')).toBe(true);
  });

  it('submitTaskStateChange RUNNING moves the task to RUNNING and acknowledges with "true"', () => {
    const { sim, arn } = manual();
    sim.runUntil(40);
    expect(sim.ecs.submitTaskStateChange({ task: arn, status: 'RUNNING' })).toEqual({ acknowledgment: 'true' });
    const d = describeTask(sim, arn);
    expect(d.lastStatus).toBe('RUNNING');
    expect(d.startedAt).toBe(40);
  });

  it('submitContainerStateChange moves one container and acknowledges with "true"', () => {
    const { sim, arn } = manual();
    expect(sim.ecs.submitContainerStateChange({ task: arn, containerName: 'side', status: 'RUNNING' })).toEqual({
      acknowledgment: 'true',
    });
    const d = describeTask(sim, arn);
    expect(d.containers.find((c) => c.name === 'side')!.lastStatus).toBe('RUNNING');
    expect(d.containers.find((c) => c.name === 'app')!.lastStatus).toBe('PENDING');
  });

  it('accepts network bindings with a container state change and shows them on the container', () => {
    const { sim, arn } = manual();
    sim.ecs.submitContainerStateChange({
      task: arn,
      containerName: 'app',
      status: 'RUNNING',
      networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 8080 }],
    });
    const app = describeTask(sim, arn).containers.find((c) => c.name === 'app')!;
    expect(app.lastStatus).toBe('RUNNING');
    expect(app.networkBindings).toEqual([expect.objectContaining({ bindIP: '0.0.0.0', containerPort: 80, hostPort: 8080 })]);
  });

  it('submitTaskStateChange STOPPED stops the task and releases what it held', () => {
    const { sim, inst, arn } = manual();
    sim.ecs.submitTaskStateChange({ task: arn, status: 'RUNNING' });
    expect(resValue(remaining(sim, inst), 'CPU')).toBe(1024 - 150);
    sim.runUntil(77);
    sim.ecs.submitTaskStateChange({ task: arn, status: 'STOPPED' });
    const d = describeTask(sim, arn);
    expect(d.lastStatus).toBe('STOPPED');
    expect(d.stoppedAt).toBe(77);
    const rem = remaining(sim, inst);
    expect(resValue(rem, 'CPU')).toBe(1024);
    expect(resValue(rem, 'MEMORY')).toBe(2048);
    expect(setValue(rem, 'PORTS')).toEqual(AGENT_PORTS);
  });

  it('agent reports accept the task UUID as well as its ARN', () => {
    const { sim, arn } = manual();
    const uuid = arn.slice(arn.lastIndexOf('/') + 1);
    sim.ecs.submitContainerStateChange({ task: uuid, containerName: 'app', status: 'RUNNING' });
    sim.ecs.submitTaskStateChange({ task: uuid, status: 'RUNNING' });
    const d = describeTask(sim, arn);
    expect(d.lastStatus).toBe('RUNNING');
    expect(d.containers.find((c) => c.name === 'app')!.lastStatus).toBe('RUNNING');
  });

  it('PENDING → STOPPED directly is allowed', () => {
    const { sim, arn } = manual();
    sim.ecs.submitTaskStateChange({ task: arn, status: 'STOPPED' });
    expect(describeTask(sim, arn).lastStatus).toBe('STOPPED');
  });

  it('stopTask only sets desired STOPPED; the caller reports STOPPED; the reason is "Task stopped by user"', () => {
    const { sim, inst, arn } = manual();
    sim.ecs.submitTaskStateChange({ task: arn, status: 'RUNNING' });
    sim.ecs.stopTask({ task: arn });
    sim.runUntil(1_000_000);
    expect(describeTask(sim, arn)).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'STOPPED' });
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(2048 - 400);
    sim.ecs.submitTaskStateChange({ task: arn, status: 'STOPPED' });
    expect(describeTask(sim, arn)).toMatchObject({ lastStatus: 'STOPPED', stoppedReason: 'Task stopped by user' });
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(2048);
  });

  it.each([
    ['task RUNNING → PENDING', ['RUNNING'], 'PENDING'],
    ['task STOPPED → RUNNING', ['STOPPED'], 'RUNNING'],
    ['task STOPPED → PENDING', ['RUNNING', 'STOPPED'], 'PENDING'],
  ])('rejects a backward move (%s) with ClientException and changes nothing', (_label, path, back) => {
    const { sim, inst, arn } = manual();
    for (const s of path) sim.ecs.submitTaskStateChange({ task: arn, status: s });
    const before = JSON.stringify([describeTask(sim, arn), describeInstance(sim, inst)]);
    expectEcsError(() => sim.ecs.submitTaskStateChange({ task: arn, status: back }), 'ClientException');
    expect(JSON.stringify([describeTask(sim, arn), describeInstance(sim, inst)])).toBe(before);
  });

  it.each([
    ['container RUNNING → PENDING', ['RUNNING'], 'PENDING'],
    ['container STOPPED → RUNNING', ['STOPPED'], 'RUNNING'],
  ])('rejects a backward move (%s) with ClientException and changes nothing', (_label, path, back) => {
    const { sim, inst, arn } = manual();
    for (const s of path) sim.ecs.submitContainerStateChange({ task: arn, containerName: 'side', status: s, exitCode: 0 });
    const before = JSON.stringify([describeTask(sim, arn), describeInstance(sim, inst)]);
    expectEcsError(() => sim.ecs.submitContainerStateChange({ task: arn, containerName: 'side', status: back }), 'ClientException');
    expect(JSON.stringify([describeTask(sim, arn), describeInstance(sim, inst)])).toBe(before);
  });

  it('an essential container that stops sets the task desired STOPPED with "Essential container in task exited"', () => {
    const { sim, arn } = manual();
    sim.ecs.submitTaskStateChange({ task: arn, status: 'RUNNING' });
    sim.ecs.submitContainerStateChange({ task: arn, containerName: 'app', status: 'STOPPED', exitCode: 1, reason: 'OOM' });
    const d = describeTask(sim, arn);
    expect(d.desiredStatus).toBe('STOPPED');
    expect(d.stoppedReason).toBe('Essential container in task exited');
    const app = d.containers.find((c) => c.name === 'app')!;
    expect(app).toMatchObject({ lastStatus: 'STOPPED', exitCode: 1, reason: 'OOM' });
  });

  it('a non-essential container that stops leaves the task running and still holding all it holds', () => {
    const { sim, inst, arn } = manual();
    sim.ecs.submitTaskStateChange({ task: arn, status: 'RUNNING' });
    sim.ecs.submitContainerStateChange({ task: arn, containerName: 'side', status: 'STOPPED', exitCode: 0 });
    const d = describeTask(sim, arn);
    expect(d).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    expect(d).not.toHaveProperty('stoppedReason');
    expect(d.containers.find((c) => c.name === 'side')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 0 });
    expect(d.containers.find((c) => c.name === 'app')!.lastStatus).toBe('RUNNING');
    expect(resValue(remaining(sim, inst), 'CPU')).toBe(1024 - 150);
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(2048 - 400);
  });

  it('a STOPPED task reported STOPPED again releases nothing twice', () => {
    const { sim, inst, arn } = manual();
    sim.ecs.submitTaskStateChange({ task: arn, status: 'STOPPED' });
    try {
      sim.ecs.submitTaskStateChange({ task: arn, status: 'STOPPED' });
    } catch {
      // either an idempotent acknowledgment or a rejection is fine; the accounting is what matters
    }
    expect(resValue(remaining(sim, inst), 'CPU')).toBe(1024);
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(2048);
  });
});

describe('host ports', () => {
  it('a fixed hostPort is bound as given and held in PORTS', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app', portMappings: [{ containerPort: 80, hostPort: 8080 }] }]);
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntilIdle();
    const app = describeTask(sim, t.taskArn).containers[0]!;
    expect(app.networkBindings).toEqual([expect.objectContaining({ containerPort: 80, hostPort: 8080 })]);
    expect(setValue(remaining(sim, inst), 'PORTS')).toContain(8080);
  });

  it.each([
    ['hostPort 0', { containerPort: 80, hostPort: 0 }],
    ['no hostPort', { containerPort: 80 }],
  ])('%s gets a dynamic port from 49153–65535, shown in networkBindings and not held in PORTS', (_l, pm) => {
    const sim = newSim();
    const inst = registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app', portMappings: [pm] }]);
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntilIdle();
    const bindings = describeTask(sim, t.taskArn).containers[0]!.networkBindings ?? [];
    expect(bindings).toHaveLength(1);
    const hp = bindings[0]!.hostPort!;
    expect(bindings[0]!.containerPort).toBe(80);
    expect(hp).toBeGreaterThanOrEqual(DYN_LO);
    expect(hp).toBeLessThanOrEqual(DYN_HI);
    expect(setValue(remaining(sim, inst), 'PORTS')).toEqual(AGENT_PORTS);
  });

  it('dynamic ports let many copies of a task share an instance, each on its own host port', () => {
    const sim = newSim();
    registerInstance(sim, { memory: 100_000 });
    registerTd(sim, 'web', [{ name: 'app', memory: 4, portMappings: [{ containerPort: 80 }, { containerPort: 443 }] }]);
    const tasks = [1, 2, 3].flatMap(() => sim.ecs.runTask({ taskDefinition: 'web', count: 10 }).tasks);
    expect(tasks).toHaveLength(30);
    sim.runUntilIdle();
    const ports = tasks.flatMap((t) => describeTask(sim, t.taskArn).containers[0]!.networkBindings!.map((b) => b.hostPort!));
    expect(ports).toHaveLength(60);
    expect(new Set(ports).size).toBe(60);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(DYN_LO);
      expect(p).toBeLessThanOrEqual(DYN_HI);
    }
  });

  it('a fixed and a dynamic mapping in one task both appear in networkBindings', () => {
    const sim = newSim();
    registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app', portMappings: [{ containerPort: 80, hostPort: 80 }, { containerPort: 9000 }] }]);
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntilIdle();
    const b = describeTask(sim, t.taskArn).containers[0]!.networkBindings ?? [];
    expect(b.map((x) => x.containerPort)).toEqual([80, 9000]);
    expect(b[0]!.hostPort).toBe(80);
    expect(b[1]!.hostPort).toBeGreaterThanOrEqual(DYN_LO);
  });
});

describe('stoppedReason texts', () => {
  it('uses the three ECS texts for user stops, essential exits and forced deregistration', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { memory: 10_000 });
    registerTd(sim, 'web', [{ name: 'app' }]);
    const [a, b, c] = sim.ecs.runTask({ taskDefinition: 'web', count: 3 }).tasks;
    sim.runUntilIdle();
    sim.ecs.stopTask({ task: a!.taskArn });
    sim.ecs.submitContainerStateChange({ task: b!.taskArn, containerName: 'app', status: 'STOPPED', exitCode: 2 });
    sim.runUntilIdle();
    sim.ecs.deregisterContainerInstance({ containerInstance: inst, force: true });
    sim.runUntilIdle();
    expect(describeTask(sim, a!.taskArn).stoppedReason).toBe('Task stopped by user');
    expect(describeTask(sim, b!.taskArn).stoppedReason).toBe('Essential container in task exited');
    expect(describeTask(sim, c!.taskArn).stoppedReason).toBe('Container instance deregistration forced by user');
  });
});
