/** The activations a two-layer net may use. */
import * as tf from '@tensorflow/tfjs';

/** Names of the supported activations; `relu` is the theory's. */
export const ACTIVATIONS = ['relu', 'tanh', 'softplus', 'sigmoid'] as const;

/** One of {@link ACTIVATIONS}. */
export type Activation = (typeof ACTIVATIONS)[number];

const FUNCTIONS: Readonly<Record<Activation, (x: tf.Tensor) => tf.Tensor>> = {
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  softplus: (x) => tf.softplus(x),
  sigmoid: (x) => tf.sigmoid(x),
};

/**
 * Applies an activation elementwise.
 *
 * @param name - the activation
 * @param x - pre-activations
 * @returns activations, same shape
 */
export function activate(name: Activation, x: tf.Tensor): tf.Tensor {
  return FUNCTIONS[name](x);
}
