/** The small CNN as a model kind: one registry entry over its config and builder. */
import type { ModelKindEntry } from '../model-kind';
import { resolveSmallCnnConfig, SMALL_CNN_FIELDS, type ResolvedSmallCnnConfig, type SmallCnnConfig } from './config';
import { createSmallCnn } from './model';

/** `small-cnn`: a few conv3×3 → BN → ReLU layers, global average pooling and a dense classifier. */
export const SMALL_CNN_KIND = Object.freeze<ModelKindEntry<SmallCnnConfig, ResolvedSmallCnnConfig>>({
  description: 'a small plain CNN (conv3×3 → BN → ReLU per layer, global average pool, dense) for the fastest CPU runs',
  fields: SMALL_CNN_FIELDS,
  input: 'image',
  resolve: resolveSmallCnnConfig,
  build: (config, { seed, name }) => createSmallCnn(config, seed, name),
});
