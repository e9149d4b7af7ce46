// Writes the small bundled traces, hand-made in each format's exact schema (no rows of the real
// traces: Alibaba's licence forbids redistribution, and synthetic rows keep every figure in the
// README reproducible). Deterministic: `node scenarios/traces/generate.mjs` rewrites the same bytes.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const here = new URL('./', import.meta.url);
const write = (name, lines) => {
  const text = `${lines.join('\n')}\n`;
  // mtime 0 and no name in the gzip header, so the bytes depend on the content alone
  writeFileSync(new URL(name, here), name.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
};

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const pick = (rnd, xs) => xs[Math.floor(rnd() * xs.length)];
const byTime = (a, b) => a[0] - b[0] || a[1] - b[1];

// ---- google-2011: task_events and machine_events of a 40-machine cell over 6 hours ----
{
  const rnd = lcg(2011);
  const events = []; // [time µs, seq, row]
  let seq = 0;
  const ev = (t, row) => events.push([t, seq++, row]);
  const machines = [];
  for (let m = 0; m < 40; m++) {
    const big = m % 4 === 0;
    machines.push(m + 1000);
    ev(0, `0,${m + 1000},0,plat${m % 3},${big ? 1 : 0.5},${big ? 1 : 0.4995}`);
  }
  // three machines fail at 2 h; two new ones arrive at 3 h
  for (const m of [1003, 1007, 1011]) ev(600_000_000 + 7_200_000_000, `${600_000_000 + 7_200_000_000},${m},1,,,`);
  for (const m of [1040, 1041]) ev(600_000_000 + 10_800_000_000, `${600_000_000 + 10_800_000_000},${m},0,plat1,0.5,0.4995`);
  write('google-2011-machine_events.csv.gz', events.sort(byTime).map((e) => e[2]));

  const tasks = [];
  let s2 = 0;
  const tv = (t, row) => tasks.push([t, s2++, row]);
  const row = (t, job, i, type, prio, cls, cpu = '', mem = '') => tv(t, `${t},,${job},${i},${type === 0 ? '' : 1000 + ((job + i) % 40)},${type},user${job % 7},${cls},${prio},${cpu},${mem},0.0001,0`);
  let t = 600_000_000;
  for (let job = 4_000_000_000; t < 600_000_000 + 21_600_000_000; job++) {
    t += Math.floor(rnd() * 240_000_000);
    const prod = rnd() < 0.4;
    const prio = prod ? pick(rnd, [9, 10, 11]) : pick(rnd, [0, 1, 2, 4]);
    const cls = prod ? pick(rnd, [2, 3]) : pick(rnd, [0, 1]);
    const n = 1 + Math.floor(rnd() * (prod ? 6 : 20));
    const cpu = pick(rnd, ['0.0125', '0.025', '0.03125', '0.0625', '0.125']);
    const mem = pick(rnd, ['0.003106', '0.006212', '0.01553', '0.03106', '0.0621']);
    for (let i = 0; i < n; i++) {
      let sub = t;
      for (let life = 0; life < 3; life++) {
        row(sub, job, i, 0, prio, cls, cpu, mem);
        const start = sub + Math.floor(rnd() * 5_000_000);
        row(start, job, i, 1, prio, cls);
        const long = prod ? 3_600_000_000 + rnd() * 14_400_000_000 : 60_000_000 + rnd() ** 2 * 3_600_000_000;
        const end = start + Math.floor(long);
        const how = rnd();
        if (end > 600_000_000 + 21_600_000_000) break; // still running when the trace ends
        if (how < 0.1) {
          row(end, job, i, 2, prio, cls); // evicted: resubmitted a second later
          sub = end + 1_000_000;
          continue;
        }
        row(end, job, i, how < 0.15 ? 3 : how < 0.2 ? 5 : 4, prio, cls);
        break;
      }
    }
  }
  write('google-2011-task_events.csv.gz', tasks.sort(byTime).map((e) => e[2]));
}

// ---- google-2019: instance_events of one cell over 4 hours (JSON lines, proto3 JSON) ----
{
  const rnd = lcg(2019);
  const out = [];
  let seq = 0;
  const ev = (o) => out.push([o.time, seq++, JSON.stringify(o)]);
  let t = 0;
  for (let c = 300_000_000_000; t < 14_400_000_000; c++) {
    t += Math.floor(rnd() * 90_000_000);
    const prod = rnd() < 0.5;
    const priority = prod ? pick(rnd, [120, 200, 360]) : pick(rnd, [0, 25, 100, 103]);
    const scheduling_class = prod ? 3 : pick(rnd, [0, 1, 2]);
    const n = 1 + Math.floor(rnd() * 8);
    const req = { cpus: pick(rnd, [0.004, 0.0078, 0.0157, 0.0313]), memory: pick(rnd, [0.0024, 0.0049, 0.0098, 0.0195]) };
    for (let i = 0; i < n; i++) {
      const base = { collection_id: String(c), instance_index: i, priority, scheduling_class, collection_type: 0 };
      const sub = t + i * 1000;
      ev({ time: String(sub), type: 'SUBMIT', ...base, resource_request: req });
      ev({ time: String(sub + 500_000), type: 'QUEUE', ...base });
      ev({ time: String(sub + 800_000), type: 'ENABLE', ...base });
      const start = sub + 1_000_000 + Math.floor(rnd() * 3_000_000);
      ev({ time: String(start), type: 'SCHEDULE', ...base, machine_id: String(1000 + (c % 50)) });
      const end = start + Math.floor(prod ? 1_800_000_000 + rnd() * 7_200_000_000 : 30_000_000 + rnd() * 1_200_000_000);
      if (end < 14_400_000_000) ev({ time: String(end), type: pick(rnd, ['FINISH', 'FINISH', 'FINISH', 'KILL', 'FAIL']), ...base });
    }
  }
  write('google-2019-instance_events.json.gz', out.sort(byTime).map((e) => e[2]));
}

// ---- alibaba-2018: batch_task rows of one day (schema.txt order), sorted by start_time ----
{
  const rnd = lcg(2018);
  const rows = [];
  let t = 86_400 * 1; // the day starts at 1 d on the trace clock
  for (let j = 1; t < 86_400 * 2; j++) {
    t += Math.floor(rnd() * 600);
    const stages = 1 + Math.floor(rnd() * 3);
    let start = t;
    for (let s = 1; s <= stages; s++) {
      const n = 1 + Math.floor(rnd() * 40);
      const dur = 30 + Math.floor(rnd() ** 2 * 3000);
      const status = start + dur > 86_400 * 2 ? 'Running' : pick(rnd, ['Terminated', 'Terminated', 'Terminated', 'Failed']);
      const name = s === 1 ? `M${s}` : `R${s}_${s - 1}`;
      rows.push([start, `${name},${n},j_${j},${1 + (j % 3)},${status},${start},${status === 'Running' ? 0 : start + dur},${pick(rnd, [50, 100, 100, 200])},${pick(rnd, ['0.39', '0.59', '0.78', '1.18'])}`]);
      start += dur + Math.floor(rnd() * 60);
    }
  }
  write('alibaba-2018-batch_task.csv', rows.sort((a, b) => a[0] - b[0]).map((r) => r[1]));
}

// ---- ecs-events: one Tuesday of a team's cluster (EventBridge Task State Change, JSON lines) ----
{
  const rnd = lcg(7);
  const day = Date.parse('2026-11-03T00:00:00Z');
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const out = [];
  let n = 0;
  const task = (family, rev, group, cpu, memory, created, life, launchType = 'EC2') => {
    const arn = `arn:aws:ecs:eu-west-1:123456789012:task/prod/${(0x1000000 + n++).toString(16)}0123456789abcdef0123456789`;
    const started = created + 2000 + Math.floor(rnd() * 8000);
    const stopped = started + life;
    const detail = (status, extra) => ({
      clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
      containerInstanceArn: 'arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/0123456789abcdef0123456789abcdef',
      taskArn: arn,
      taskDefinitionArn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${rev}`,
      group,
      launchType,
      cpu: String(cpu),
      memory: String(memory),
      lastStatus: status,
      desiredStatus: status === 'STOPPED' ? 'STOPPED' : 'RUNNING',
      createdAt: iso(created),
      containers: [{ name: family, lastStatus: status, cpu: String(cpu), memory: String(memory) }],
      ...extra,
    });
    const event = (time, status, extra, version) => out.push([time, out.length, JSON.stringify({ version: '0', id: `${arn.slice(-8)}-${version}`, 'detail-type': 'ECS Task State Change', source: 'aws.ecs', account: '123456789012', time: iso(time), region: 'eu-west-1', resources: [arn], detail: { ...detail(status, extra), version } })]);
    event(created, 'PENDING', {}, 1);
    event(started, 'RUNNING', { startedAt: iso(started) }, 2);
    if (stopped < day + 86_400_000) event(stopped, 'STOPPED', { startedAt: iso(started), stoppingAt: iso(stopped - 1000), stoppedAt: iso(stopped), stoppedReason: 'Essential container in task exited' }, 3);
  };
  // the web service: 6 tasks all day, scaled to 14 from 09:00 to 18:00 (deployments replace them at 12:00)
  for (let i = 0; i < 6; i++) task('web', 41, 'service:web', 512, 1024, day + i * 1000, 12 * 3_600_000 - i * 1000);
  for (let i = 0; i < 6; i++) task('web', 42, 'service:web', 512, 1024, day + 12 * 3_600_000 + i * 1000, 12 * 3_600_000);
  for (let i = 0; i < 8; i++) task('web', 41, 'service:web', 512, 1024, day + 9 * 3_600_000 + i * 60_000, 9 * 3_600_000);
  // queue workers, scaled with the backlog
  for (let h = 0; h < 24; h++) {
    const k = h >= 8 && h < 20 ? 6 : 2;
    for (let i = 0; i < k; i++) task('worker', 17, 'service:worker', 1024, 2048, day + h * 3_600_000 + i * 5000 + 1, 3_600_000 - 10_000);
  }
  // the nightly report and hourly exports, run by a scheduler
  for (let i = 0; i < 10; i++) task('report', 3, 'family:report', 2048, 4096, day + 2 * 3_600_000 + i * 500, 40 * 60_000 + Math.floor(rnd() * 20 * 60_000));
  for (let h = 0; h < 24; h++) task('export', 9, 'family:export', 256, 512, day + h * 3_600_000 + 300_000, 5 * 60_000 + Math.floor(rnd() * 10 * 60_000));
  write('ecs-events-tuesday.jsonl', out.sort(byTime).map((e) => e[2]));
}

// ---- csv: a night's batch export from any system ----
{
  const rnd = lcg(42);
  const rows = ['time,lifetime,cpu,memory,count,family,group'];
  let t = 0;
  for (let i = 0; t < 6 * 3_600_000; i++) {
    t += Math.floor(rnd() * 120_000);
    const family = pick(rnd, ['etl', 'etl', 'thumbnails', 'ml-train']);
    const big = family === 'ml-train';
    rows.push(`${t},${big ? '1h' : `${5 + Math.floor(rnd() * 40)}m`},${big ? 4096 : pick(rnd, [512, 1024])},${big ? 16384 : pick(rnd, [1024, 2048])},${big ? 1 : 1 + Math.floor(rnd() * 8)},${family},batch:${family}`);
  }
  write('nightly-batch.csv', rows);
}
