/**
 * The smallest real end-to-end training run: a two-conv-layer net learns a seeded two-class image
 * task on the selected backend. `lrlab doctor` uses it to prove that the runtime can train conv
 * nets (forward, every conv gradient, the update) before a long run is started.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, deriveSeed, fillNormal, Prng, seededNormal, type Seed } from '@lrlab/core';

/** Options of {@link trainConvSmoke}. */
export interface ConvSmokeOptions {
  /** Root seed for data and weights; default 1. */
  readonly seed?: Seed;
  /** Training steps; default 40. */
  readonly steps?: number;
  /** Examples per batch; default 32. */
  readonly batchSize?: number;
  /** Image side in pixels; default 16. */
  readonly imageSize?: number;
  /** SGD learning rate; default 0.05. */
  readonly learningRate?: number;
}

/** What {@link trainConvSmoke} measured. */
export interface ConvSmokeResult {
  /** Mean cross-entropy of the first step's batch. */
  readonly initialLoss: number;
  /** Mean cross-entropy of the last step's batch. */
  readonly finalLoss: number;
  /** Accuracy on a held-out seeded batch after training, in [0, 1]. */
  readonly heldOutAccuracy: number;
  /** Median wall time of one training step in milliseconds (timing only; not deterministic). */
  readonly medianStepMs: number;
  /** Steps run. */
  readonly steps: number;
}

/**
 * A batch of the smoke task: unit-variance noise images, shifted by −0.5 (class 0) or +0.5
 * (class 1) in brightness. Pure function of (seed, index).
 */
function smokeBatch(seed: Seed, index: number, batchSize: number, size: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = Prng.fromSeed(deriveSeed(seed, 'smoke-data', index));
  const pixels = fillNormal(rng, new Float32Array(batchSize * size * size * 3), 0, 1);
  const labels = new Float32Array(batchSize * 2);
  for (let b = 0; b < batchSize; b++) {
    const label = rng.nextUint32() & 1;
    labels[b * 2 + label] = 1;
    const shift = label === 0 ? -0.5 : 0.5;
    const imageValues = size * size * 3;
    for (let i = b * imageValues; i < (b + 1) * imageValues; i++) pixels[i]! += shift;
  }
  return { x: tf.tensor4d(pixels, [batchSize, size, size, 3]), y: tf.tensor2d(labels, [batchSize, 2]) };
}

/**
 * Trains a small conv net (3×3 conv stride 1 with explicit padding → ReLU → 3×3 conv stride 2,
 * `same` → ReLU → global mean → dense) with SGD on the active backend.
 *
 * @param options - seed, steps, sizes and learning rate
 * @returns losses, held-out accuracy and step time
 */
export async function trainConvSmoke(options: ConvSmokeOptions = {}): Promise<ConvSmokeResult> {
  const seed = options.seed ?? 1;
  const steps = checkInteger('steps', options.steps ?? 40, { min: 1 });
  const batchSize = checkInteger('batchSize', options.batchSize ?? 32, { min: 1 });
  const size = checkInteger('imageSize', options.imageSize ?? 16, { min: 4 });
  const learningRate = options.learningRate ?? 0.05;
  const weights = [
    tf.variable(seededNormal([3, 3, 3, 8], deriveSeed(seed, 'smoke-model', 0), { std: Math.sqrt(2 / (9 * 8)) })),
    tf.variable(seededNormal([3, 3, 8, 16], deriveSeed(seed, 'smoke-model', 1), { std: Math.sqrt(2 / (9 * 16)) })),
    tf.variable(seededNormal([16, 2], deriveSeed(seed, 'smoke-model', 2), { std: 1 / 4 })),
  ] as const;
  const forward = (x: tf.Tensor4D): tf.Tensor2D => {
    const h1 = tf.relu(tf.conv2d(x, weights[0] as tf.Tensor4D, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]));
    const h2 = tf.relu(tf.conv2d(h1, weights[1] as tf.Tensor4D, 2, 'same'));
    return tf.matMul(tf.mean(h2, [1, 2]) as tf.Tensor2D, weights[2] as tf.Tensor2D);
  };
  const optimizer = tf.train.sgd(learningRate);
  const losses: number[] = [];
  const stepMs: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { x, y } = smokeBatch(seed, step, batchSize, size);
    const started = performance.now();
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar, true);
    // Read asynchronously (a GPU backend cannot read synchronously); the step ends when the loss is read.
    losses.push((await loss!.data())[0]!);
    stepMs.push(performance.now() - started);
    tf.dispose([x, y, loss!]);
  }
  const heldOut = smokeBatch(seed, 1_000_000, 256, size);
  const correct = tf.tidy(() => tf.mean(tf.equal(tf.argMax(forward(heldOut.x), 1), tf.argMax(heldOut.y, 1)).toFloat()));
  const accuracy = (await correct.data())[0]!;
  correct.dispose();
  tf.dispose([heldOut.x, heldOut.y, ...weights]);
  optimizer.dispose();
  stepMs.sort((a, b) => a - b);
  return {
    initialLoss: losses[0]!,
    finalLoss: losses[losses.length - 1]!,
    heldOutAccuracy: accuracy,
    medianStepMs: stepMs[Math.floor(stepMs.length / 2)]!,
    steps,
  };
}
