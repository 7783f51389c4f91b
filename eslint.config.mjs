// Lint for every package. Layer rules (enforced with Nx tags), from the bottom up:
//   layer:foundation  (core)                                   -> foundation
//   layer:runtime     (backends, blas, webgpu)                 -> foundation
//   layer:tensor      (schedules, datasets, models, metrics)   -> foundation
//   layer:composition (experiments)                            -> foundation, runtime, tensor
//   layer:reading     (report)                                 -> foundation, tensor, composition
//   layer:app         (cli)                                    -> everything below it
// Tests may also pick a backend: a tensor package's tests may import the runtime layer.
// Imports are checked by Nx's project graph, so a package cycle (one package's tests included) fails lint.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const LAYERS = [
  { sourceTag: 'layer:foundation', onlyDependOnLibsWithTags: ['layer:foundation'] },
  { sourceTag: 'layer:runtime', onlyDependOnLibsWithTags: ['layer:foundation'] },
  { sourceTag: 'layer:tensor', onlyDependOnLibsWithTags: ['layer:foundation'] },
  { sourceTag: 'layer:composition', onlyDependOnLibsWithTags: ['layer:foundation', 'layer:runtime', 'layer:tensor'] },
  { sourceTag: 'layer:reading', onlyDependOnLibsWithTags: ['layer:foundation', 'layer:tensor', 'layer:composition'] },
  { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:foundation', 'layer:runtime', 'layer:tensor', 'layer:composition', 'layer:reading'] },
];
const TEST_LAYERS = LAYERS.map((layer) =>
  layer.sourceTag === 'layer:tensor' ? { ...layer, onlyDependOnLibsWithTags: ['layer:foundation', 'layer:runtime'] } : layer,
);
// Tests share tiny configs and temp folders from tools/testing, which belongs to no package.
const TEST_SUPPORT = ['../../../tools/testing/*'];
const boundaries = (depConstraints, allow = []) => ['error', { enforceBuildableLibDependency: false, allow, depConstraints }];

export default [
  { ignores: ['**/bin/*.js', '**/dist/**', '**/node_modules/**', 'docs/api/**', '.nx/**', 'tmp/**', 'runs/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(LAYERS),
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Draw randomness from an explicit seed (Prng from @lrlab/core).' },
        { object: 'Date', property: 'now', message: 'The clock is for timing only: use performance.now() there, never as a seed.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='tf'][callee.property.name=/^(randomNormal|randomUniform|truncatedNormal|randomGamma|multinomial|randomStandardNormal)$/]",
          message: "tfjs's random ops are unseeded by default and differ across versions: use seededNormal/seededUniform from @lrlab/core.",
        },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts', 'tools/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(TEST_LAYERS, TEST_SUPPORT),
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
