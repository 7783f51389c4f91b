/**
 * A lockstep stack computes each run's slice with the bits of the run alone: logits, losses and
 * gradients of stacked two-layer nets (plain, split, with bias, cross-entropy) and linear models
 * equal those of each model by itself, on the cpu and blas backends, with each run's own noise.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lrlab/backends';
import { deriveSeed, fillNormal, Prng, type NoiseContext, type NoiseInjector, type NoiseSite } from '@lrlab/core';
import { buildModel, lockstepModelUnsupported, MODELS, modelPreset, stackModels, type AnyModelConfig, type Model } from '../src';

/** A user's injector with draw(): i.i.d. noise of σ = sigma(step), keyed by (seed, step, site). */
function testNoise(seed: number, sigma: (step: number) => number): NoiseInjector {
  const draw = (shape: readonly number[], site: NoiseSite, context: NoiseContext): Float32Array | undefined => {
    const std = sigma(context.step);
    if (!context.training || std === 0) return undefined;
    return fillNormal(Prng.fromSeed(deriveSeed(seed, context.step, site.index)), new Float32Array(shape.reduce((a, b) => a * b, 1)), 0, std);
  };
  return {
    apply: (x, site, context) => {
      const values = draw(x.shape, site, context);
      return values === undefined ? x : tf.add(x, tf.tensor(values, x.shape));
    },
    draw,
  };
}

function bits(t: tf.Tensor): number[] {
  return Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer));
}

function batch(runs: number, examples: number, inputSize: number, seed: number): { x: Float32Array; labels: Int32Array } {
  const x = fillNormal(Prng.fromSeed(seed), new Float32Array(runs * examples * inputSize));
  const labels = Int32Array.from({ length: runs * examples }, (_, i) => (i * 7 + seed) % 2);
  return { x, labels };
}

const CONFIGS: readonly { name: string; config: AnyModelConfig; classes: number }[] = [
  { name: 'two-layer', config: { kind: 'two-layer', inputSize: 12, width: 8 }, classes: 2 },
  { name: 'two-layer, split, bias, tanh', config: { kind: 'two-layer', inputSize: 12, width: 8, bias: true, activation: 'tanh', antisymmetric: false, split: { at: 5, x1Units: 4 } }, classes: 2 },
  { name: 'two-layer, 3 classes', config: { kind: 'two-layer', inputSize: 12, width: 8, numClasses: 3 }, classes: 3 },
  { name: 'linear on a range, with bias', config: { kind: 'linear', inputSize: 12, features: [2, 9], bias: true, initStd: 0.1 }, classes: 2 },
];

describe.each(['cpu', 'blas'])('lockstep stacks on %s', (backend) => {
  let previous: string;
  beforeAll(async () => {
    await tf.ready();
    previous = tf.getBackend();
    const selection = await initBackend({ prefer: backend });
    expect(selection.name).toBe(backend);
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  test.each(CONFIGS)('$name: logits, losses and gradients of every slice are the run alone', ({ config, classes }) => {
    const runs = 3;
    const examples = 5;
    const models: Model[] = [1, 2, 3].map((seed) => buildModel(config, seed));
    const noise = [testNoise(11, () => 0.7), undefined, testNoise(13, (s) => (s < 1 ? 0 : 2))];
    const stack = stackModels(models, MODELS[config.kind]!);
    const before = tf.memory().numTensors;
    try {
      const inputSize = models[0]!.inputShape[0]!;
      for (const step of [0, 1]) {
        const { x, labels } = batch(runs, examples, inputSize, 5 + step);
        labels.forEach((_, i) => (labels[i] = (i * 5 + step) % classes));
        // Alone.
        const alone = models.map((model, k) => {
          const xk = tf.tensor(x.subarray(k * examples * inputSize, (k + 1) * examples * inputSize), [examples, inputSize]);
          const yk = tf.tensor1d(labels.subarray(k * examples, (k + 1) * examples), 'int32');
          const injector = noise[k];
          const logits = model.apply(xk, { training: true, step, ...(injector ? { noise: injector } : {}) });
          const { value, grads } = tf.variableGrads(() => model.loss(model.apply(xk, { training: true, step, ...(injector ? { noise: injector } : {}) }), yk), [...model.trainableVariables]);
          const out = { logits: bits(logits), loss: bits(value), grads: model.trainableVariables.map((v) => bits(grads[v.name]!)) };
          tf.dispose([xk, yk, logits, value, grads]);
          return out;
        });
        // In lockstep.
        const xs = tf.tensor(x, [runs, examples, inputSize]);
        const ys = tf.tensor2d(labels, [runs, examples], 'int32');
        const logits = stack.apply(xs, { training: true, step, noise });
        let losses: tf.Tensor | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const perRun = stack.losses(stack.apply(xs, { training: true, step, noise }), ys);
          losses = tf.keep(perRun);
          return tf.sum(perRun);
        }, [...stack.trainableVariables]);
        models.forEach((_, k) => {
          const slice = (t: tf.Tensor): number[] => tf.tidy(() => bits(tf.unstack(t)[k]!));
          expect(slice(logits)).toEqual(alone[k]!.logits);
          expect(slice(losses!)).toEqual(alone[k]!.loss);
          stack.trainableVariables.forEach((v, i) => expect(slice(grads[v.name]!)).toEqual(alone[k]!.grads[i]));
        });
        tf.dispose([xs, ys, logits, losses!, value, grads]);
      }
      // Evaluation is noise-free: the stack's logits are each model's.
      const { x } = batch(runs, examples, inputSize, 9);
      const evaluated = stack.apply(tf.tensor(x, [runs, examples, inputSize]), { training: false, step: 3, noise });
      models.forEach((model, k) => {
        const alone = model.apply(tf.tensor(x.subarray(k * examples * inputSize, (k + 1) * examples * inputSize), [examples, inputSize]), { training: false, step: 3 });
        expect(tf.tidy(() => bits(tf.unstack(evaluated)[k]!))).toEqual(bits(alone));
      });
    } finally {
      stack.dispose();
    }
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 10);
    models.forEach((m) => m.dispose());
  });

  test('writeBack copies each run\'s slices into its own model', () => {
    const models = [1, 2].map((seed) => buildModel({ kind: 'linear', inputSize: 4, features: [0, 4], initStd: 0.5 }, seed));
    const stack = stackModels(models, MODELS['linear']!);
    stack.trainableVariables[0]!.assign(tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4, 1]));
    stack.writeBack();
    expect(Array.from(models[1]!.trainableVariables[0]!.dataSync())).toEqual([5, 6, 7, 8]);
    stack.dispose();
    models.forEach((m) => m.dispose());
  });
});

test('models with batch norm, or of a kind without a lockstep pass, say why they train alone', () => {
  const cnn = buildModel(modelPreset('small-cnn', { inputShape: [8, 8, 1] }), 1);
  expect(lockstepModelUnsupported(cnn, MODELS['small-cnn'])).toMatch(/no lockstep forward pass/);
  const net = buildModel({ kind: 'two-layer', inputSize: 4, width: 2 }, 1);
  expect(lockstepModelUnsupported(net, MODELS['two-layer'])).toBeUndefined();
  expect(() => stackModels([net, cnn], MODELS['two-layer']!)).toThrow(/same config/);
  cnn.dispose();
  net.dispose();
});
