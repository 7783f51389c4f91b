// A model kind written as a user would, from the public API only: the README's "Your own model
// kind" shows this file (importing from '@lrlab/models' instead of '../src').
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNonNegative, deriveSeed, seededNormal, withKinds, type NoiseSite } from '@lrlab/core';
import { assembleModel, claimModelName, MODELS, outputUnitsFor, VariableStore, type ModelKindEntry } from '../src';

/** The config, declared once: f(x) = ⟨w, x⟩ + b, with noise on the logits. */
export interface LogisticConfig {
  readonly kind: 'my-logistic';
  /** The input dimension d. */
  readonly inputSize: number;
  /** Number of classes (default 2: one logit). */
  readonly numClasses?: number;
  /** Standard deviation of the initial weights (default 0.01). */
  readonly initStd?: number;
}

const LOGITS: NoiseSite = { index: 0, name: 'logits' };

/** The entry: what it is, its fields, what its input is, how to resolve and build it. */
export const LOGISTIC_KIND: ModelKindEntry<LogisticConfig, Required<LogisticConfig>> = {
  description: 'logistic regression on every input coordinate, with noise on the logits',
  fields: {
    inputSize: 'the input dimension d',
    numClasses: 'number of classes (default 2)',
    initStd: 'standard deviation of the initial weights (default 0.01)',
  },
  input: 'flat',
  resolve: (config, path) => ({
    kind: 'my-logistic',
    inputSize: checkInteger(`${path}.inputSize`, config.inputSize, { min: 1 }),
    numClasses: checkInteger(`${path}.numClasses`, config.numClasses ?? 2, { min: 2 }),
    initStd: checkNonNegative(`${path}.initStd`, config.initStd ?? 0.01),
  }),
  build: (config, { seed, name }) => {
    const store = new VariableStore(claimModelName(config.kind, name));
    try {
      const outputUnits = outputUnitsFor(config.numClasses);
      const initial = seededNormal([config.inputSize, outputUnits], deriveSeed(seed, 'init', 'dense/kernel'), { std: config.initStd });
      const kernel = store.add('dense/kernel', initial, 'trainable');
      const bias = store.add('dense/bias', tf.zeros([outputUnits]), 'trainable');
      return assembleModel(store.name, {
        config,
        seed,
        store,
        inputShape: [config.inputSize],
        outputUnits,
        noiseSites: [LOGITS],
        forward: (x, context) => context.noise(tf.add(tf.matMul(x as tf.Tensor2D, kernel), bias), LOGITS) as tf.Tensor2D,
      });
    } catch (error) {
      store.dispose();
      throw error;
    }
  },
};

/** The built-in kinds and the user's, as a study's plugin would provide them. */
export const USER_MODELS = withKinds(MODELS, { 'my-logistic': LOGISTIC_KIND }, 'model kind');
