/**
 * Jest setup: tests that use tfjs's default cpu backend directly (without `initBackend`) would print
 * tfjs's "looks like you are running TensorFlow.js in Node.js" banner into the test log. The
 * backends lrlab selects are quieted by `@lrlab/backends` itself; this does the same for the
 * default one, touching only that flag.
 */
import * as tf from '@tensorflow/tfjs';

// At load, not in a hook: some tests make tensors while jest collects them. `tf.backend()` starts
// the default backend (cpu in Node) as tfjs would on the first tensor.
const active: object = tf.backend();
if ('firstUse' in active) (active as { firstUse: boolean }).firstUse = false;
