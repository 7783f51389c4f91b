/**
 * Models for learning-rate studies: the two-layer network of the theory, linear baselines and
 * pre-activation WideResNets. Work in progress: the models issue fills this package in; models call
 * noise injectors through the interface in `@lrlab/core`.
 *
 * @packageDocumentation
 * @module @lrlab/models
 */
export type { NoiseInjector, NoiseSite, NoiseContext } from '@lrlab/core';
