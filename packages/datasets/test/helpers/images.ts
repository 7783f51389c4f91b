import { Prng, deriveSeed } from '@lrlab/core';
import { createDataset, type LabeledDataset } from '../../src';

/** A dataset of random images with values in [−2, 2) and labels 0..numClasses−1 in turn. */
export function randomImages(size: number, shape: [number, number, number], numClasses = 10, seed = 1): LabeledDataset {
  const rng = Prng.fromSeed(deriveSeed(seed, 'test-images'));
  const width = shape[0] * shape[1] * shape[2];
  const features = new Float32Array(size * width);
  for (let i = 0; i < features.length; i++) features[i] = 4 * rng.nextFloat() - 2;
  return createDataset({
    name: 'random-images',
    features,
    exampleShape: shape,
    labels: Int32Array.from({ length: size }, (_, i) => i % numClasses),
    numClasses,
  });
}
