// The layering rules of .dependency-cruiser.cjs (run by `npm run lint`) catch what they promise:
// a copy of src/ in a temporary directory gets every planted import at once, the checker runs there
// and must name each rule at its file. The tree as it is passes (warnings allowed).
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the checker over `dir`'s src/; its exit status and output. */
function cruise(dir: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(process.execPath, [cli, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** A copy of src/ and the checker's configuration, with `plant` applied to it. */
function plantedCopy(plant: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecsim-layers-'));
  dirs.push(dir);
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  cpSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  plant(dir);
  return dir;
}

const append = (file: string, text: string) => (dir: string) => appendFileSync(join(dir, 'src', file), `\n${text}\n`);

const UPWARD: readonly (readonly [what: string, file: string, text: string, rule: string])[] = [
  ['the engine importing the control plane', 'engine/rng.ts', "import type { ControlPlane } from '../ecs/control-plane.js';\nexport type Planted = ControlPlane;", 'engine-imports-down'],
  ['the model importing placement', 'model/demand.ts', "import type { PlacementRequest } from '../placement/types.js';\nexport type Planted = PlacementRequest;", 'model-imports-down'],
  ['placement importing the control plane', 'placement/pipeline.ts', "import { ControlPlane } from '../ecs/control-plane.js';\nexport const planted = ControlPlane;", 'placement-imports-down'],
  ['the control plane importing metrics', 'ecs/tasks.ts', "import '../metrics/summary.js';", 'ecs-imports-down'],
  ['the scenario layer importing the CLI', 'scenario/load.ts', "import '../cli/progress.js';", 'scenario-imports-down'],
  ['a sibling importing a sibling (fuzz → experiment)', 'fuzz/run.ts', "import '../experiment/statistics.js';", 'fuzz-imports-down'],
  ['a module importing the public surface', 'metrics/summary.ts', "import '../index.js';", 'index-imported-by-nothing'],
];

describe('the layering rules', () => {
  it('pass on the tree as it is', () => {
    const r = cruise(plantedCopy(() => {}));
    expect(r.output).not.toMatch(/^\s*error /m);
    expect(r.ok).toBe(true);
  });

  // one copy with every plant (the checker reports every violation), to keep the suite quick
  const planted = (() => {
    let result: { ok: boolean; output: string } | undefined;
    return () =>
      (result ??= cruise(
        plantedCopy((dir) => {
          for (const [, file, text] of UPWARD) append(file, text)(dir);
          writeFileSync(join(dir, 'src/model/planted-a.ts'), "import { b } from './planted-b.js';\nexport const a = () => b;\n");
          writeFileSync(join(dir, 'src/model/planted-b.ts'), "import { a } from './planted-a.js';\nexport const b = () => a;\n");
          writeFileSync(join(dir, 'src/model/planted-c.ts'), "import type { D } from './planted-d.js';\nexport interface C { d?: D }\n");
          writeFileSync(join(dir, 'src/model/planted-d.ts'), "import type { C } from './planted-c.js';\nexport interface D { c?: C }\n");
          mkdirSync(join(dir, 'src/server'), { recursive: true });
          writeFileSync(
            join(dir, 'src/server/planted-handler.ts'),
            "import { createSimulation } from '../ecs/simulation.js';\nimport { ControlPlane } from '../ecs/control-plane.js';\nexport const planted = [createSimulation, ControlPlane];\n",
          );
        }),
      ));
  })();

  it.each(UPWARD)('fail on %s', (_, file, _text, rule) => {
    const r = planted();
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(new RegExp(`${rule}: src/${file.replace('.', '\\.')} →`));
  });

  it('fail on a cycle of imports that run, and warn on one through type-only imports', () => {
    const out = planted().output;
    expect(out).toMatch(/error no-circular: src\/model\/planted-[ab]\.ts →/);
    expect(out).toMatch(/warn no-circular-types: src\/model\/planted-[cd]\.ts →/);
    expect(out).not.toMatch(/error no-circular: src\/model\/planted-[cd]\.ts/);
  });

  it('fail on a server reaching past the public ECS API, and not on the API itself', () => {
    const out = planted().output;
    expect(out).toMatch(/server-over-the-public-ecs-api: src\/server\/planted-handler\.ts → src\/ecs\/control-plane\.ts/);
    expect(out).not.toMatch(/planted-handler\.ts → src\/ecs\/simulation\.ts/);
  });
});
