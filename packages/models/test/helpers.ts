import * as tf from '@tensorflow/tfjs';
import { deriveSeed, fillNormal, Prng, seededNormal, type NoiseInjector, type NoiseSite } from '@lrlab/core';
import type { Model } from '../src';

/** A float32 tensor of N(0, 1) draws from a fixed seed. */
export function randomInput(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(fillNormal(Prng.fromSeed(seed), new Float32Array(size)), shape);
}

/** Labels 0, 1, ..., classes − 1, 0, 1, ... for a batch. */
export function cyclicLabels(batch: number, classes: number): tf.Tensor1D {
  return tf.tensor1d(Array.from({ length: batch }, (_, i) => i % classes), 'int32');
}

/** One training step: loss, gradients of every trainable variable, SGD update. */
export function trainStep(model: Model, x: tf.Tensor, labels: tf.Tensor, step: number, optimizer: tf.Optimizer, noise?: NoiseInjector): number {
  const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step, noise }), labels), [...model.trainableVariables]);
  optimizer.applyGradients(grads);
  const loss = value.dataSync()[0]!;
  tf.dispose([value, grads]);
  return loss;
}

/** {@link trainStep} with an asynchronous read of the loss, as a GPU backend requires. */
export async function trainStepAsync(model: Model, x: tf.Tensor, labels: tf.Tensor, step: number, optimizer: tf.Optimizer, noise?: NoiseInjector): Promise<number> {
  const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step, noise }), labels), [...model.trainableVariables]);
  optimizer.applyGradients(grads);
  const loss = (await value.data())[0]!;
  tf.dispose([value, grads]);
  return loss;
}

/** {@link valuesOf} with an asynchronous read, as a GPU backend requires. */
export async function readValues(t: tf.Tensor): Promise<number[]> {
  const values = Array.from(await t.data());
  t.dispose();
  return values;
}

/** The values of a tensor as a plain array (then disposes it). */
export function valuesOf(t: tf.Tensor): number[] {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
}

/** A noise injector that obeys the contract: adds a fixed offset in training, records the sites. */
export function offsetNoise(offset: number): NoiseInjector & { readonly calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    apply(x: tf.Tensor, site: NoiseSite, context) {
      calls.push(`${site.index}:${site.name}:${context.training ? 'train' : 'eval'}`);
      return context.training ? tf.add(x, offset) : x;
    },
  };
}

/** A noise injector that obeys the contract: seeded N(0, std²) per element in training, nothing in evaluation. */
export function gaussianNoise(std: number, seed = 3): NoiseInjector {
  return {
    apply(x: tf.Tensor, site: NoiseSite, context) {
      if (!context.training) return x;
      return tf.tidy(() => tf.add(x, seededNormal(x.shape, deriveSeed(seed, context.step, site.index), { std })));
    },
  };
}
