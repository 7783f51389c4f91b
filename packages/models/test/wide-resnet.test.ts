import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { buildModel, buildWideResNet, MODEL_PRESETS, modelPreset, wideResNetLayout, type Model } from '../src';
import { referenceConv2d } from '../src/layers/conv';
import { cyclicLabels, randomInput, trainStep, valuesOf } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('WideResNet-16-10 (the paper model), 10 classes on 32×32×3', () => {
  it('has exactly 17,116,634 trainable parameters, the PyTorch reference count, in the layout it describes', () => {
    const layout = wideResNetLayout(modelPreset('wrn16x10') as never);
    expect(layout.widths).toEqual([16, 160, 320, 640]);
    expect(layout.stages).toEqual([
      { name: 'stem', shape: [32, 32, 16] },
      { name: 'block1', shape: [32, 32, 160] },
      { name: 'block2', shape: [16, 16, 320] },
      { name: 'block3', shape: [8, 8, 640] },
      { name: 'features', shape: [640] },
      { name: 'logits', shape: [10] },
    ]);
    expect(layout.blocks.map((b) => [b.path, b.inChannels, b.outChannels, b.stride, b.projection])).toEqual([
      ['block1.0', 16, 160, 1, true],
      ['block1.1', 160, 160, 1, false],
      ['block2.0', 160, 320, 2, true],
      ['block2.1', 320, 320, 1, false],
      ['block3.0', 320, 640, 2, true],
      ['block3.1', 640, 640, 1, false],
    ]);

    const model = buildModel(modelPreset('wrn16x10'), 1); // ~68 MB; no forward pass
    try {
      expect(model.parameterCount()).toBe(17_116_634);
      expect(model.inputShape).toEqual([32, 32, 3]);
      expect(model.outputUnits).toBe(10);
      // Every variable's shape follows the layout: kernels [k, k, in, out], BN vectors [channels].
      const shapes = Object.fromEntries(model.variables.map((v) => [v.path, v.variable.shape]));
      expect(shapes['stem/conv/kernel']).toEqual([3, 3, 3, 16]);
      for (const b of layout.blocks) {
        expect(shapes[`${b.path}/bn1/gamma`]).toEqual([b.inChannels]);
        expect(shapes[`${b.path}/bn1/runningVariance`]).toEqual([b.inChannels]);
        expect(shapes[`${b.path}/conv1/kernel`]).toEqual([3, 3, b.inChannels, b.outChannels]);
        expect(shapes[`${b.path}/bn2/beta`]).toEqual([b.outChannels]);
        expect(shapes[`${b.path}/conv2/kernel`]).toEqual([3, 3, b.outChannels, b.outChannels]);
        expect(shapes[`${b.path}/shortcut/kernel`]).toEqual(b.projection ? [1, 1, b.inChannels, b.outChannels] : undefined);
      }
      expect(shapes['head/bn/gamma']).toEqual([640]);
      expect(shapes['head/dense/kernel']).toEqual([640, 10]);
      expect(shapes['head/dense/bias']).toEqual([10]);
      expect(model.variables).toHaveLength(1 + 6 * 10 + 3 + 4 + 2); // stem, 6 blocks × (2 BN × 4 + 2 convs), 3 shortcuts, head BN, dense
      expect(model.stateVariables).toHaveLength(2 * 13);
      expect(model.noiseSites.map((s) => s.name)).toEqual([
        'block1.0/bn1', 'block1.0/bn2', 'block1.1/bn1', 'block1.1/bn2',
        'block2.0/bn1', 'block2.0/bn2', 'block2.1/bn1', 'block2.1/bn2',
        'block3.0/bn1', 'block3.0/bn2', 'block3.1/bn1', 'block3.1/bn2',
        'head/bn',
      ]);
    } finally {
      model.dispose();
    }
  });
});

describe('layout', () => {
  it('follows the input size: 28×28×1 gives 28 → 14 → 7', () => {
    const layout = wideResNetLayout(modelPreset('wrn16x4', { inputShape: [28, 28, 1] }) as never);
    expect(layout.stages.map((s) => s.shape)).toEqual([[28, 28, 16], [28, 28, 64], [14, 14, 128], [7, 7, 256], [256], [10]]);
    expect(wideResNetLayout({ kind: 'wide-resnet', depth: 28, widthFactor: 10 }).blocksPerGroup).toBe(4);
  });

  it('rejects a depth that is not 4 mod 6 and other bad fields', () => {
    expect(() => wideResNetLayout({ kind: 'wide-resnet', depth: 18, widthFactor: 1 })).toThrow(ConfigError);
    expect(() => wideResNetLayout({ kind: 'wide-resnet', depth: 18, widthFactor: 1 })).toThrow(/model\.depth.*d ≡ 4 \(mod 6\).*got 18/);
    expect(() => wideResNetLayout({ kind: 'wide-resnet', depth: 16, widthFactor: 0 })).toThrow(/model\.widthFactor/);
    expect(() => wideResNetLayout({ kind: 'wide-resnet', depth: 16, widthFactor: 1, dropout: 1 })).toThrow(/model\.dropout/);
    expect(() => wideResNetLayout({ kind: 'wide-resnet', depth: 16, widthFactor: 1, inputShape: [32, 32] as never })).toThrow(/model\.inputShape/);
    expect(() => wideResNetLayout({ kind: 'wide-resnet', depth: 16, widthFactor: 1, batchNorm: { momentum: 0.99, eps: 1e-3 } as never })).toThrow(/model\.batchNorm\.eps/);
  });

  it('matches the shapes of the activations of a real forward pass', () => {
    const config = modelPreset('wrn10x1', { inputShape: [28, 28, 1] });
    const model = buildModel(config, 3);
    const seen: [string, number[]][] = [];
    const logits = model.apply(tf.zeros([1, 28, 28, 1]), { training: false, step: 0, onActivation: (name, a) => seen.push([name, a.shape.slice(1)]) });
    seen.push(['logits', logits.shape.slice(1)]);
    logits.dispose();
    expect(seen).toEqual(wideResNetLayout(config as never).stages.map((s) => [s.name, s.shape]));
    model.dispose();
  });
});

describe('reference padding', () => {
  // x = 1..16 as a 4×4 image, kernel of ones: each output is the sum of a 3×3 window.
  const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);
  const ones = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;

  it('pads 1 on every side at stride 2, as PyTorch padding=1 (hand-computed)', () => {
    // Windows start at rows/cols −1 and 1: (0,0) = 1+2+5+6, (0,1) = 2+3+4+6+7+8,
    // (1,0) = 5+6+9+10+13+14, (1,1) = 6+7+8+10+11+12+14+15+16.
    expect(valuesOf(referenceConv2d(x, ones, 2))).toEqual([14, 30, 57, 99]);
  });

  it("differs from tfjs 'same', which pads a stride-2 conv only at the bottom and right", () => {
    // Windows start at rows/cols 0 and 2 (row/col 4 is padding): (0,0) = 1+2+3+5+6+7+9+10+11,
    // (0,1) = 3+4+7+8+11+12, (1,0) = 9+10+11+13+14+15, (1,1) = 11+12+15+16.
    expect(valuesOf(tf.conv2d(x, ones, 2, 'same'))).toEqual([54, 45, 72, 54]);
  });

  it('pads 1 at stride 1 too, and keeps the size', () => {
    const y = referenceConv2d(x, ones, 1);
    expect(y.shape).toEqual([1, 4, 4, 1]);
    expect(valuesOf(y).slice(0, 4)).toEqual([14, 24, 30, 22]);
  });
});

/** An independent forward pass of a pre-activation WRN, written from the reference's PyTorch code. */
function referenceForward(model: Model, x: tf.Tensor4D, training: boolean): tf.Tensor {
  const v = (path: string) => model.variables.find((e) => e.path === path)!.variable;
  const conv = (h: tf.Tensor4D, path: string, stride: number) => {
    const kernel = v(path) as tf.Tensor4D;
    const pad = (kernel.shape[0] - 1) / 2;
    return tf.conv2d(tf.pad(h, [[0, 0], [pad, pad], [pad, pad], [0, 0]]), kernel, stride, 'valid');
  };
  const bnRelu = (h: tf.Tensor4D, path: string) => {
    const { mean, variance } = training ? tf.moments(h, [0, 1, 2]) : { mean: v(`${path}/runningMean`), variance: v(`${path}/runningVariance`) };
    const normalized = tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 1e-5)));
    return tf.relu(tf.add(tf.mul(normalized, v(`${path}/gamma`)), v(`${path}/beta`))) as tf.Tensor4D;
  };
  return tf.tidy(() => {
    let out = conv(x, 'stem/conv/kernel', 1);
    for (const b of wideResNetLayout(model.config as never).blocks) {
      const equalInOut = !b.projection;
      const activated = bnRelu(out, `${b.path}/bn1`);
      const residual = equalInOut ? out : conv(activated, `${b.path}/shortcut/kernel`, b.stride);
      let h = conv(activated, `${b.path}/conv1/kernel`, b.stride);
      h = conv(bnRelu(h, `${b.path}/bn2`), `${b.path}/conv2/kernel`, 1);
      out = tf.add(residual, h);
    }
    const pooled = tf.mean(bnRelu(out, 'head/bn'), [1, 2]);
    return tf.add(tf.matMul(pooled, v('head/dense/kernel')), v('head/dense/bias'));
  });
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('forward pass', () => {
  const config = MODEL_PRESETS.wrn10x1({ inputShape: [6, 6, 3], numClasses: 4 });

  it('equals an independent implementation of the reference, in evaluation and in training', () => {
    const model = buildModel(config, 21);
    const x = randomInput([4, 6, 6, 3], 8) as tf.Tensor4D;
    const labels = cyclicLabels(4, 4);
    const optimizer = tf.train.sgd(0.1);
    trainStep(model, x, labels, 0, optimizer); // non-trivial running statistics and weights
    for (const training of [false, true]) {
      const expected = referenceForward(model, x, training);
      const actual = model.apply(x, { training, step: 1 });
      expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
      tf.dispose([expected, actual]);
    }
    optimizer.dispose();
    tf.dispose([x, labels]);
    model.dispose();
  });

  it('has the gradients of the independent implementation (autodiff through plain ops)', () => {
    const model = buildModel(config, 22);
    const x = randomInput([3, 6, 6, 3], 10) as tf.Tensor4D;
    const labels = cyclicLabels(3, 4);
    const variables = [...model.trainableVariables];
    const ours = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step: 0 }), labels), variables);
    const theirs = tf.variableGrads(() => model.loss(referenceForward(model, x, true), labels), variables);
    expect(Math.abs(ours.value.dataSync()[0]! - theirs.value.dataSync()[0]!)).toBeLessThan(1e-5);
    for (const v of variables) {
      const scale = tf.max(tf.abs(theirs.grads[v.name]!)).dataSync()[0]!;
      expect({ name: v.name, error: maxAbsDiff(ours.grads[v.name]!, theirs.grads[v.name]!) / scale < 1e-3 }).toEqual({ name: v.name, error: true });
    }
    tf.dispose([x, labels, ours.value, theirs.value, ours.grads, theirs.grads]);
    model.dispose();
  });

  it('initialises as the reference: conv N(0, 2/(k·k·out)), BN γ = 1 and β = 0, dense U(±1/√fan_in) with bias 0', () => {
    const model = buildWideResNet(modelPreset('wrn16x1') as never, 4);
    const values = (path: string) => Array.from(model.variables.find((e) => e.path === path)!.variable.dataSync());
    const std = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
    const conv = values('block3.1/conv2/kernel'); // 3·3·64·64 = 36,864 draws
    expect(std(conv) / Math.sqrt(2 / (9 * 64))).toBeCloseTo(1, 1);
    const shortcut = values('block2.0/shortcut/kernel'); // 1·1·16·32 draws, std √(2/32)
    expect(std(shortcut) / Math.sqrt(2 / 32)).toBeGreaterThan(0.85);
    expect(std(shortcut) / Math.sqrt(2 / 32)).toBeLessThan(1.15);
    expect(new Set(values('block1.0/bn1/gamma'))).toEqual(new Set([1]));
    expect(new Set(values('block1.0/bn1/beta'))).toEqual(new Set([0]));
    expect(new Set(values('block1.0/bn1/runningMean'))).toEqual(new Set([0]));
    expect(new Set(values('block1.0/bn1/runningVariance'))).toEqual(new Set([1]));
    const dense = values('head/dense/kernel');
    expect(Math.max(...dense.map(Math.abs))).toBeLessThanOrEqual(1 / 8);
    expect(Math.max(...dense.map(Math.abs))).toBeGreaterThan(0.9 / 8);
    expect(new Set(values('head/dense/bias'))).toEqual(new Set([0]));
    model.dispose();
  });

  it('draws seeded dropout masks: the same at the same step, new at the next, none in evaluation', () => {
    const withDropout = buildModel({ ...config, dropout: 0.5 }, 6);
    const without = buildModel(config, 6);
    const x = randomInput([2, 6, 6, 3], 9);
    const out = (m: Model, training: boolean, step: number) => valuesOf(m.apply(x, { training, step }));
    // Evaluation first: training passes update the running statistics, with and without dropout alike.
    expect(out(withDropout, false, 1)).toEqual(out(without, false, 1));
    expect(out(withDropout, true, 1)).toEqual(out(withDropout, true, 1));
    expect(out(withDropout, true, 2)).not.toEqual(out(withDropout, true, 1));
    expect(out(withDropout, true, 1)).not.toEqual(out(without, true, 1));
    x.dispose();
    withDropout.dispose();
    without.dispose();
  });
});
