/** The linear model as a model kind: one registry entry over its config and builder. */
import type { ModelKindEntry } from '../model-kind';
import { LINEAR_FIELDS, resolveLinearConfig, type LinearConfig, type ResolvedLinearConfig } from './config';
import { linearLockstep } from './lockstep';
import { createLinearModel } from './model';

/** `linear`: logistic (or softmax) regression on a range of input coordinates, SPEC §1's baseline. */
export const LINEAR_KIND = Object.freeze<ModelKindEntry<LinearConfig, ResolvedLinearConfig>>({
  description: 'logistic (or softmax) regression ⟨w, x[start, end)⟩ + b, from w = 0 by default: the effective-sample-size baseline',
  fields: LINEAR_FIELDS,
  input: 'flat',
  resolve: resolveLinearConfig,
  build: (config, { seed, name }) => createLinearModel(config, seed, name),
  lockstep: linearLockstep,
});
