// Each format: a small trace with known submissions, starts and ends replays to exactly the
// arrival times, lifetimes and demands they imply.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plain, replayAll, traceDir, writeTrace } from '../../../helpers/trace-files.js';

const G = { CPU: 16384, MEMORY: 65536 };

/** A google-2011 task_events row. */
function g11(t: number, job: number, index: number, type: number, cpu = '', mem = '', cls = 2, prio = 9): string {
  return `${t},,${job},${index},,${type},user,${cls},${prio},${cpu},${mem},0.001,0`;
}

describe('google-2011 task_events', () => {
  const dir = traceDir();
  // times in µs: the trace clock starts at 600 s
  const path = writeTrace(dir, 'task_events.csv.gz', [
    g11(600_000_000, 1, 0, 0, '0.0625', '0.03125'), // submit: 1024 CPU, 2048 MiB
    g11(600_000_000, 1, 1, 0, '0.125', '0.0625'),
    g11(601_000_000, 1, 0, 1), // first start 1 s after submission
    g11(602_500_000, 1, 1, 1),
    g11(631_000_000, 1, 0, 4), // finish: 30 s of life
    g11(640_000_000, 1, 1, 2), // evicted after 37.5 s …
    g11(641_000_000, 1, 1, 0, '0.125', '0.0625'), // … resubmitted: a new arrival
    g11(642_000_000, 1, 1, 1),
    g11(700_000_000, 2, 0, 0, '0.1', '0.1', 0, 0), // never started, still pending at the end
    g11(700_000_000, 2, 1, 0, '', ''), // no request: dropped when it would arrive
    g11(700_000_100, 2, 1, 1),
  ]);

  it('maps submissions to arrivals, first start to end to lifetimes, requests × scale rounded up', () => {
    const { arrivals, replay } = replayAll({ format: 'google-2011', path, scale: G });
    expect(arrivals.map(plain)).toEqual([
      { at: 0, lifetime: 30_000, cpu: 1024, memory: 2048, count: 1, family: '', group: '' },
      { at: 0, lifetime: 37_500, cpu: 2048, memory: 4096, count: 1, family: '', group: '' },
      { at: 41_000, lifetime: Infinity, cpu: 2048, memory: 4096, count: 1, family: '', group: '' },
      // 0.1 × 16384 = 1638.4 → 1639 CPU units; 0.1 × 65536 = 6553.6 → 6554 MiB
      { at: 100_000, lifetime: Infinity, cpu: 1639, memory: 6554, count: 1, family: '', group: '' },
    ]);
    expect(replay.stats).toMatchObject({ records: 11, tasks: 4, arrivals: 4, dropped: { 'missing-request': 1 }, originMs: 600_000 });
  });

  it('applies start, speed, limit and where', () => {
    const fast = replayAll({ format: 'google-2011', path, scale: G, speed: 2, start: 590_000 }).arrivals;
    expect(fast.map((a) => [a.at, a.lifetime])).toEqual([
      [5_000, 15_000],
      [5_000, 18_750],
      [25_500, Infinity],
      [55_000, Infinity],
    ]);
    const limited = replayAll({ format: 'google-2011', path, scale: G, limit: 2 });
    expect(limited.arrivals).toHaveLength(2);
    expect(limited.replay.stats.limited).toBe(true);
    const prod = replayAll({ format: 'google-2011', path, scale: G, where: { priority: [9, 10, 11] } });
    expect(prod.arrivals).toHaveLength(3);
    expect(prod.replay.stats.dropped).toEqual({ filtered: 1, 'missing-request': 1 });
  });

  it('drops a life that never started or lasted no time, and steps of a task it never saw submitted', () => {
    const p = writeTrace(dir, 'odd.csv', [
      g11(0, 7, 0, 0, '0.5', '0.5'),
      g11(5, 7, 0, 5), // killed while pending
      g11(10, 8, 0, 0, '0.5', '0.5'),
      g11(20, 8, 0, 1),
      g11(20, 8, 0, 4), // finished at once
      g11(30, 9, 0, 1), // never submitted in the trace
      `9223372036854775807,,7,0,,0,user,2,9,0.5,0.5,0.001,0`, // Google's "after the trace ended"
    ]);
    const { arrivals, replay } = replayAll({ format: 'google-2011', path: p, scale: G });
    expect(arrivals).toEqual([]);
    expect(replay.stats.dropped).toEqual({ 'zero-lifetime': 1, 'never-started': 1, 'no-submission': 1, 'after-end': 1 });
  });
});

describe('google-2019 instance_events', () => {
  const dir = traceDir();
  const path = writeTrace(dir, 'instance_events.json.gz', [
    // proto3 JSON: SUBMIT (0) and time 0 are absent, int64 as strings, enums as numbers or names
    JSON.stringify({ collection_id: '77', instance_index: 0, priority: 200, scheduling_class: 3, resource_request: { cpus: 0.25, memory: 0.125 } }),
    JSON.stringify({ time: '1000000', type: 'QUEUE', collection_id: '77', instance_index: 0, priority: 200 }),
    JSON.stringify({ time: '2000000', type: 3, collection_id: '77', instance_index: 0, priority: 200 }),
    JSON.stringify({ time: '5000000', type: 'SUBMIT', collection_id: '78', instance_index: 3, priority: 25, resource_request: { cpus: 0.5, memory: 0.5 } }),
    JSON.stringify({ time: '6000000', type: 'SCHEDULE', collection_id: '78', instance_index: 3, priority: 25 }),
    JSON.stringify({ time: '9000000', type: 'FAIL', collection_id: '78', instance_index: 3, priority: 25 }),
    JSON.stringify({ time: '62000000', type: 6, collection_id: '77', instance_index: 0 }), // a row without priority follows its task
  ]);

  it('reads events with 2019 numbering and proto3 defaults', () => {
    const { arrivals, replay } = replayAll({ format: 'google-2019', path, scale: G });
    expect(arrivals.map(plain)).toEqual([
      { at: 0, lifetime: 60_000, cpu: 4096, memory: 8192, count: 1, family: '', group: '' },
      { at: 5_000, lifetime: 3_000, cpu: 8192, memory: 32768, count: 1, family: '', group: '' },
    ]);
    expect(replay.stats.dropped).toEqual({});
  });

  it('filters on priority (the production tier)', () => {
    const { arrivals, replay } = replayAll({ format: 'google-2019', path, scale: G, where: { priority: [200] } });
    expect(arrivals.map((a) => a.at)).toEqual([0]);
    expect(replay.stats.dropped).toEqual({ filtered: 3 });
  });

  it('reads a JSON array as well as JSON lines', () => {
    const lines = ['[', JSON.stringify({ collection_id: 1, resource_request: { cpus: 1, memory: 1 } }, null, 2) + ',', JSON.stringify({ time: 1000, type: 'SCHEDULE', collection_id: 1 }), ']'];
    const { arrivals } = replayAll({ format: 'google-2019', path: writeTrace(dir, 'array.json', lines), scale: G });
    expect(arrivals.map(plain)).toEqual([{ at: 0, lifetime: Infinity, cpu: 16384, memory: 65536, count: 1, family: '', group: '' }]);
  });
});

describe('alibaba-2018 batch_task', () => {
  const dir = traceDir();
  const path = writeTrace(dir, 'batch_task.csv', [
    'M1,4,j_1,1,Terminated,100,160,50,0.5', // 4 instances of half a core and 0.5% of a machine, 60 s
    'R2_1,1,j_1,2,Terminated,130,430,200,1.25',
    'M1,2,j_2,1,Running,200,0,100,1', // still running when the trace was cut
    'M3,1,j_3,1,Waiting,0,0,100,1', // never started
  ]);

  it('gives instance_num tasks per row, arrival at start_time, plan_cpu in cores × 100', () => {
    const { arrivals, replay } = replayAll({ format: 'alibaba-2018', path, scale: { MEMORY: 102_400 } });
    expect(arrivals.map(plain)).toEqual([
      { at: 0, lifetime: 60_000, cpu: 512, memory: 512, count: 4, family: '', group: '' },
      { at: 30_000, lifetime: 300_000, cpu: 2048, memory: 1280, count: 1, family: '', group: '' },
      { at: 100_000, lifetime: Infinity, cpu: 1024, memory: 1024, count: 2, family: '', group: '' },
    ]);
    expect(replay.stats).toMatchObject({ tasks: 7, arrivals: 3, dropped: { 'never-started': 1 } });
  });

  it('filters on task type and status', () => {
    const { arrivals } = replayAll({ format: 'alibaba-2018', path, scale: { MEMORY: 102_400 }, where: { status: ['Terminated'], taskType: ['1'] } });
    expect(arrivals.map((a) => a.count)).toEqual([4]);
  });
});

describe('ecs-events', () => {
  const dir = traceDir();
  const event = (status: string, arn: string, td: string, extra: Record<string, unknown>, time: string): string =>
    JSON.stringify({
      version: '0',
      id: `${arn}-${status}`,
      'detail-type': 'ECS Task State Change',
      source: 'aws.ecs',
      time,
      resources: [arn],
      detail: { taskArn: arn, taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${td}`, lastStatus: status, ...extra },
    });
  const web = { cpu: '256', memory: '512', group: 'service:web', createdAt: '2026-11-02T10:00:00Z' };
  const path = writeTrace(dir, 'events.jsonl', [
    event('PENDING', 't1', 'web:7', web, '2026-11-02T10:00:00Z'),
    event('RUNNING', 't1', 'web:7', { ...web, startedAt: '2026-11-02T10:00:05Z' }, '2026-11-02T10:00:05Z'),
    // an EC2 task without task-level sizes: the containers' add up (memoryReservation where no hard limit)
    event('STOPPED', 't2', 'batch:2', { group: 'family:batch', createdAt: '2026-11-02T10:00:10Z', startedAt: '2026-11-02T10:00:12Z', stoppedAt: '2026-11-02T10:01:12Z', containers: [{ name: 'a', cpu: '128', memory: '300' }, { name: 'b', cpu: '128', memoryReservation: '200' }] }, '2026-11-02T10:01:12Z'),
    JSON.stringify({ 'detail-type': 'ECS Container Instance State Change', time: '2026-11-02T10:01:30Z', detail: {} }),
    event('STOPPED', 't1', 'web:7', { ...web, startedAt: '2026-11-02T10:00:05Z', stoppedAt: '2026-11-02T10:02:05Z' }, '2026-11-02T10:02:05Z'),
    // EventBridge delivers at least once: the same STOPPED event again changes nothing
    event('STOPPED', 't1', 'web:7', { ...web, startedAt: '2026-11-02T10:00:05Z', stoppedAt: '2026-11-02T10:02:05Z' }, '2026-11-02T10:02:06Z'),
  ]);

  it('keeps one task per taskArn: arrival createdAt, lifetime stoppedAt − startedAt, family and group', () => {
    const { arrivals, replay } = replayAll({ format: 'ecs-events', path });
    expect(arrivals.map(plain)).toEqual([
      { at: 0, lifetime: 120_000, cpu: 256, memory: 512, count: 1, family: 'web', group: 'service:web' },
      { at: 10_000, lifetime: 60_000, cpu: 256, memory: 500, count: 1, family: 'batch', group: 'family:batch' },
    ]);
    expect(replay.stats.dropped).toEqual({ 'other-record': 1 });
  });

  it('filters on group prefixes and families', () => {
    expect(replayAll({ format: 'ecs-events', path, where: { group: ['service:*'] } }).arrivals.map((a) => a.family)).toEqual(['web']);
    expect(replayAll({ format: 'ecs-events', path, where: { family: ['batch'] } }).arrivals.map((a) => a.family)).toEqual(['batch']);
  });

  it('reads the events as a JSON array', () => {
    const text = readFileSync(path, 'utf8');
    const array = `[\n${text.trim().split('\n').map((l) => JSON.stringify(JSON.parse(l), null, 2)).join(',\n')}\n]\n`;
    const { arrivals } = replayAll({ format: 'ecs-events', path: writeTrace(dir, 'events.json', array) });
    expect(arrivals.map((a) => [a.at, a.lifetime, a.family])).toEqual([
      [0, 120_000, 'web'],
      [10_000, 60_000, 'batch'],
    ]);
  });
});

describe('csv', () => {
  const dir = traceDir();
  const path = writeTrace(dir, 'tasks.csv', ['time,lifetime,cpu,memory,count,family,group', '0,90s,512,1024,2,web,service:web', '1m,1h30m,256,512,1,batch,', '90000,,1024,2048,1,web,"service:web"']);

  it('reads durations in either syntax, count, family and group; an empty lifetime never ends', () => {
    const { arrivals } = replayAll({ format: 'csv', path });
    expect(arrivals.map(plain)).toEqual([
      { at: 0, lifetime: 90_000, cpu: 512, memory: 1024, count: 2, family: 'web', group: 'service:web' },
      { at: 60_000, lifetime: 5_400_000, cpu: 256, memory: 512, count: 1, family: 'batch', group: '' },
      { at: 90_000, lifetime: Infinity, cpu: 1024, memory: 2048, count: 1, family: 'web', group: 'service:web' },
    ]);
  });

  it('takes the columns in any order and only the required ones', () => {
    const p = writeTrace(dir, 'min.csv', ['memory,cpu,lifetime,time', '128,64,5s,2s', '128,64,5s,1s']);
    expect(replayAll({ format: 'csv', path: p }).arrivals.map((a) => [a.at, a.lifetime, a.cpu, a.memory])).toEqual([
      [0, 5_000, 64, 128],
      [1_000, 5_000, 64, 128],
    ]);
  });
});
