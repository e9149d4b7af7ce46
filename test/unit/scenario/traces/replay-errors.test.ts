// A bad trace gives one clear error naming the file, the line and what was expected there.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TraceError } from '../../../../src/scenario/traces/trace-error.js';
import { TraceReplay } from '../../../../src/scenario/traces/replay.js';
import { MachineReplay } from '../../../../src/scenario/traces/machine-replay.js';
import { replayAll, traceDir, writeTrace } from '../../../helpers/trace-files.js';

const G = { CPU: 16384, MEMORY: 65536 };
const ROW = '600000000,,1,0,,0,user,2,9,0.0625,0.03125,0.001,0';

function errorOf(run: () => unknown): TraceError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(TraceError);
    return e as TraceError;
  }
  throw new Error('expected a TraceError');
}

describe('bad traces', () => {
  const dir = traceDir();

  it('a truncated gzip file', () => {
    const whole = gzipSync(Array.from({ length: 2000 }, () => ROW).join('\n'));
    const path = join(dir, 'truncated.csv.gz');
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    const e = errorOf(() => replayAll({ format: 'google-2011', path, scale: G }));
    expect(e.message).toMatch(/truncated\.csv\.gz:\d+: is not a complete gzip file .*truncated\?/);
  });

  it('a row with the wrong column count', () => {
    const path = writeTrace(dir, 'columns.csv', [ROW, ROW, '600000001,,1,0,,1,user,2,9']);
    const e = errorOf(() => replayAll({ format: 'google-2011', path, scale: G }));
    expect(e.message).toBe(`${path}:3: expected 13 comma-separated columns (timestamp, missing info, job ID, task index, machine ID, event type, user, scheduling class, priority, CPU request, memory request, disk request, different-machines restriction), got 9`);
    expect([e.file, e.line]).toEqual([path, 3]);
  });

  it('a negative time', () => {
    const path = writeTrace(dir, 'negative.csv', [ROW, '-5,,1,0,,1,user,2,9,,,,0']);
    expect(errorOf(() => replayAll({ format: 'google-2011', path, scale: G })).message).toBe(`${path}:2: expected a non-negative time in column 1 (timestamp, µs), got -5`);
    const csv = writeTrace(dir, 'negative-time.csv', ['time,lifetime,cpu,memory', '-1s,5s,1,1']);
    expect(errorOf(() => replayAll({ format: 'csv', path: csv })).message).toBe(`${csv}:2: expected a non-negative time, got "-1s"`);
  });

  it('an unknown format', () => {
    const path = writeTrace(dir, 'any.csv', [ROW]);
    const e = errorOf(() => new TraceReplay({ format: 'google-2013' as never, path, scale: G, speed: 1, where: {} }));
    expect(e.message).toBe(`${path}: unknown trace format "google-2013"; expected one of google-2011, google-2019, alibaba-2018, ecs-events, csv`);
    expect(errorOf(() => new MachineReplay({ format: 'google-2011' as never, path, scale: G, speed: 1 })).message).toMatch(/unknown machine trace format "google-2011"; expected one of google-2011-machines/);
  });

  it('a missing file', () => {
    expect(errorOf(() => replayAll({ format: 'csv', path: join(dir, 'nope.csv') })).message).toMatch(/nope\.csv: cannot be read \(ENOENT\)/);
  });

  it.each([
    ['csv', 'header.csv', ['time,life,cpu,memory', '0,1s,1,1'], ':1: expected a header of time, lifetime, cpu, memory and optionally count, family, group; "life" is not one of them'],
    ['csv', 'width.csv', ['time,lifetime,cpu,memory', '0,1s,1'], ':2: expected 4 columns as in the header, got 3'],
    ['csv', 'duration.csv', ['time,lifetime,cpu,memory', '0,soon,1,1'], ':2: lifetime: expected a duration like 500ms, 30s, 5m, 2h, 1d or 1h30m, got "soon"'],
    ['google-2019', 'json.json', ['{"time": 1', '{}'], ':1: expected a JSON object, got text that is not JSON'],
    ['google-2019', 'type.json', ['{"time": 1, "type": "RUN", "collection_id": 1}'], ':1: expected "type" to be one of SUBMIT, QUEUE'],
    ['ecs-events', 'time.json', ['{"detail-type": "ECS Task State Change", "detail": {"taskArn": "t", "createdAt": "yesterday"}}'], ':1: expected "detail.createdAt" to be an ISO 8601 time'],
    ['ecs-events', 'array.json', ['[', '{"detail-type": "x"},', '{"detail-type":'], ':3: the JSON array ends inside an element that starts on line 3: truncated?'],
    ['alibaba-2018', 'batch.csv', ['M1,1,j,1,Terminated,10,5,100,1'], ':1: expected end_time (column 7) not before start_time (column 6), got 5 < 10'],
  ] as const)('%s: %s', (format, name, lines, fragment) => {
    const path = writeTrace(dir, name, lines);
    expect(errorOf(() => replayAll({ format, path, scale: G })).message).toContain(`${path}${fragment}`);
  });
});
