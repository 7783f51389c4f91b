// One root jest run over every package (`npm run test:unit`, --maxWorkers=2).
// Workspace packages resolve to their TypeScript sources, so tests need no build;
// type checking is the `typecheck` target's job, so ts-jest only transpiles here.
// Mesa's EGL reads EGL_PLATFORM from the real process environment, which a test's process.env (a
// copy under jest) does not reach: the webgpu tests on llvmpipe need it set before workers start.
process.env.EGL_PLATFORM ??= 'surfaceless';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/packages', '<rootDir>/tools'],
  testMatch: ['**/test/**/*.test.ts', '<rootDir>/tools/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper: {
    '^@lrlab/(core|backends|blas|webgpu|schedules|datasets|models|metrics|experiments|report|cli)$': '<rootDir>/packages/$1/src/index.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/tools/testing/quiet-tfjs.ts'],
  testTimeout: 60000,
};
