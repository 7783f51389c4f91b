/**
 * Learning-rate schedules as pure step → value functions, optimizer binding with weight decay,
 * and seeded noise injectors. Work in progress: the schedules issue fills this package in; the
 * shared {@link Schedule} and noise-injector types already live in `@lrlab/core`.
 *
 * @packageDocumentation
 * @module @lrlab/schedules
 */
export type { Schedule, ScalarOrSchedule, NoiseInjector } from '@lrlab/core';
