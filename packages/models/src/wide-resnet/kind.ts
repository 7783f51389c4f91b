/** The WideResNet as a model kind: one registry entry over its config and builder. */
import type { ModelKindEntry } from '../model-kind';
import { resolveWideResNetConfig, WIDE_RESNET_FIELDS, type ResolvedWideResNetConfig, type WideResNetConfig } from './config';
import { createWideResNet } from './model';

/** `wide-resnet`: the pre-activation WideResNet-d-k of the paper's reference code. */
export const WIDE_RESNET_KIND = Object.freeze<ModelKindEntry<WideResNetConfig, ResolvedWideResNetConfig>>({
  description: "the pre-activation WideResNet-d-k (Zagoruyko & Komodakis 2016) as the paper's reference code builds it",
  fields: WIDE_RESNET_FIELDS,
  input: 'image',
  resolve: resolveWideResNetConfig,
  build: (config, { seed, name }) => createWideResNet(config, seed, name),
});
