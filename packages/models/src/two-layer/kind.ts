/** The two-layer network as a model kind: one registry entry over its config and builder. */
import type { ModelKindEntry } from '../model-kind';
import { resolveTwoLayerConfig, TWO_LAYER_FIELDS, type ResolvedTwoLayerConfig, type TwoLayerConfig } from './config';
import { twoLayerLockstep } from './lockstep';
import { createTwoLayerNet } from './model';

/** `two-layer`: the theory's two-layer network f(x) = Σ_j a_j·act(⟨w_j, x⟩ + b_j) (SPEC §1). */
export const TWO_LAYER_KIND = Object.freeze<ModelKindEntry<TwoLayerConfig, ResolvedTwoLayerConfig>>({
  description: "the theory's two-layer network f(x) = Σ_j a_j·act(⟨w_j, x⟩ + b_j), pre-activation noise on every hidden unit",
  fields: TWO_LAYER_FIELDS,
  input: 'flat',
  resolve: resolveTwoLayerConfig,
  build: (config, { seed, name }) => createTwoLayerNet(config, seed, name),
  lockstep: twoLayerLockstep,
});
