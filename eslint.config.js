// Lint: typescript-eslint's recommended rules plus the determinism ban the engine depends on. The
// layering (which folder may import which) is dependency-cruiser's, in .dependency-cruiser.cjs;
// `npm run lint` runs both.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nondeterminism = [
  { object: 'Math', property: 'random', message: 'Use a named RNG stream (src/engine/rng.ts): same seed, same output.' },
  { object: 'Date', property: 'now', message: 'Simulated time only: use the engine clock.' },
  { object: 'performance', property: 'now', message: 'Simulated time only: wall clock belongs in src/cli.' },
  { object: 'crypto', property: 'randomUUID', message: 'Draw UUIDs from the ids stream.' },
  { object: 'crypto', property: 'getRandomValues', message: 'Use a named RNG stream.' },
  { object: 'crypto', property: 'randomBytes', message: 'Use a named RNG stream.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-properties': ['error', ...nondeterminism],
      'no-restricted-imports': ['error', { paths: [{ name: 'node:crypto', message: 'No crypto randomness in the engine.' }, { name: 'crypto', message: 'No crypto randomness in the engine.' }] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
