// Profiles one benchmark suite: runs it under `node --cpu-prof` and prints where the time went,
// by function (self time, and inclusive time including callees). This is how the hot paths in
// README's Performance section were found.
//
//   node bench/profile.mjs run-task '{"instances":10000,"timeMs":3000}' [top]
//   node bench/profile.mjs engine-mmc '{}'
//   node bench/profile.mjs --summary FILE.cpuprofile [top]     (summarise an existing profile)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Self and inclusive sample time per function of a .cpuprofile, as sorted [label, share] rows. */
export function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const where = f.url ? `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  const timeOf = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let total = 0;
  const self = new Map();
  const inclusive = new Map();
  for (const [id, t] of timeOf) {
    total += t;
    const key = label(byId.get(id));
    self.set(key, (self.get(key) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }
  const rows = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([k, t]) => [k, t / total]);
  return { self: rows(self), inclusive: rows(inclusive), totalMs: total / 1000 };
}

function print({ self, inclusive, totalMs }, top) {
  const fmt = (rows) => rows.slice(0, top).map(([k, s]) => `${(100 * s).toFixed(1).padStart(6)}%  ${k}`).join('\n');
  console.log(`sampled ${(totalMs / 1000).toFixed(2)} s\n\nSELF TIME\n${fmt(self)}\n\nINCLUSIVE TIME\n${fmt(inclusive)}`);
}

const [first, second, third] = process.argv.slice(2);
if (first === '--summary') {
  print(summarise(JSON.parse(readFileSync(second, 'utf8'))), Number(third ?? 30));
} else if (first) {
  const dir = mkdtempSync(join(tmpdir(), 'ecsim-prof-'));
  try {
    const script = fileURLToPath(new URL(`./suites/${first}.mjs`, import.meta.url));
    const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, script, second ?? '{}'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) process.exit(r.status ?? 1);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    print(summarise(JSON.parse(readFileSync(join(dir, file), 'utf8'))), Number(third ?? 30));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.error('usage: node bench/profile.mjs SUITE [OPTIONS_JSON] [TOP] | --summary FILE [TOP]');
  process.exit(2);
}
