// The layering of STYLE.md, checked by dependency-cruiser in `npm run lint` (and so in CI).
// Imports point down: cli → report → experiment, fuzz, server → scenario → metrics → ecs →
// placement → model → engine (report sits above experiment: it renders comparisons and plans).
// The engine imports nothing of ours and the model only the engine; nothing imports src/cli,
// src/index.ts or src/internals.ts; src/server reads only the public ECS API (simulation, API
// types, errors); no cycles of imports that run (a cycle through type-only imports is a warning:
// it does not run, but it is still a design question).
// Only src/ is held to it: tests and benchmarks may reach into any layer. Why dependency-cruiser
// and not an ESLint boundaries plugin: it resolves `./x.js` to `./x.ts` as TypeScript does without
// an extra resolver, finds cycles across the whole graph in one pass, and reports every violation.

/** Lowest first; folders in one entry are side by side and import none of each other. */
const LAYERS = [['engine'], ['model'], ['placement'], ['ecs'], ['metrics'], ['scenario'], ['experiment', 'fuzz', 'server'], ['report'], ['cli']];

const upward = LAYERS.flatMap((layer, i) =>
  layer.map((folder) => {
    const above = [...LAYERS.slice(i + 1).flat(), ...layer.filter((f) => f !== folder)];
    return {
      name: `${folder}-imports-down`,
      comment: `src/${folder} may import only the layers below it (${LAYERS.slice(0, i).flat().join(', ') || 'none of ours'}), never ${above.join(', ')}.`,
      severity: 'error',
      from: { path: `^src/${folder}/` },
      to: { path: `^src/(${above.join('|')})/` },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'A cycle of imports that run is a design question, not a shortcut (and an init-order hazard).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-types',
      comment: 'A cycle through type-only imports does not run, but it is still two modules that each need the other: say so, without failing.',
      severity: 'warn',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'cli-imported-by-nothing',
      comment: 'src/cli is commander wiring only; nothing in the library depends on it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'index-imported-by-nothing',
      comment: 'src/index.ts and src/internals.ts are the surfaces for users; modules import what they need from its source.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/(index|internals)\\.ts$' },
    },
    {
      name: 'server-over-the-public-ecs-api',
      comment: 'src/server is a wire layer over the ECS API (createSimulation, API types, errors), not over the control plane.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/ecs/', pathNot: '^src/ecs/(simulation|api-types|errors)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // the sources import `./x.js` for `./x.ts` (NodeNext): resolve them as TypeScript does
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
