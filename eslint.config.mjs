// Lint for every package. Layer rules (enforced with Nx tags):
//   layer:foundation  (core)                                   -> may import only foundation
//   layer:tensor      (schedules, datasets, models, metrics)   -> may import only foundation
//   layer:composition (experiments)                            -> may import anything
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/bin/*.js', '**/dist/**', '**/node_modules/**', 'docs/api/**', '.nx/**', 'tmp/**', 'runs/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:foundation', onlyDependOnLibsWithTags: ['layer:foundation'] },
            { sourceTag: 'layer:tensor', onlyDependOnLibsWithTags: ['layer:foundation'] },
            { sourceTag: 'layer:composition', onlyDependOnLibsWithTags: ['layer:foundation', 'layer:tensor', 'layer:composition'] },
          ],
        },
      ],
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
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
