#!/usr/bin/env node
// Micro-benchmark (not a test): median time of one training step (forward + backward + SGD
// update) of lrlab's conv models on the wasm backend. Uses the built packages, so build them first
// (`npx tsc -p packages/models/tsconfig.lib.json`, core likewise). Prints a markdown table for
// docs/results/backends.md.
// Usage: node tools/bench/models.mjs [--models wrn16x1,wrn16x4,small-cnn] [--batch 32] [--steps 5]
//        [--backend wasm] [--profile]
import { parseArgs } from 'node:util';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const { fillNormal, Prng } = require('../../packages/core/dist/index.js');
const { initBackend } = require('../../packages/backends/dist/index.js');
const { buildModel, modelPreset, wideResNetLayout, resolveModelConfig } = require('../../packages/models/dist/index.js');
const { bindOptimizer } = require('../../packages/schedules/dist/index.js');

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'small-cnn,wrn16x1,wrn16x4' },
    batch: { type: 'string', default: '32' },
    steps: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'wasm' },
    profile: { type: 'boolean', default: false },
  },
});
const batchSize = Number(values.batch);
const steps = Number(values.steps);

// The shapes each model is benchmarked on: the WideResNets on CIFAR-10, the small CNN on Fashion-MNIST.
const INPUTS = { wrn16x10: [32, 32, 3], wrn16x4: [32, 32, 3], wrn16x1: [32, 32, 3], wrn10x1: [32, 32, 3], 'small-cnn': [28, 28, 1] };

/** Multiply-adds of the convolutions of one forward pass of one example. */
function convMacs(config) {
  const [h, w, c] = config.inputShape;
  if (config.kind === 'wide-resnet') {
    const layout = wideResNetLayout(config);
    let macs = h * w * 9 * c * 16;
    for (const b of layout.blocks) {
      const [oh, ow] = b.outputSize;
      macs += oh * ow * 9 * (b.inChannels * b.outChannels + b.outChannels * b.outChannels);
      if (b.projection) macs += oh * ow * b.inChannels * b.outChannels;
    }
    return macs;
  }
  let [size, channels, macs] = [[h, w], c, 0];
  config.channels.forEach((out, i) => {
    const stride = i === 0 ? 1 : 2;
    size = size.map((s) => Math.floor((s - 1) / stride) + 1);
    macs += size[0] * size[1] * 9 * channels * out;
    channels = out;
  });
  return macs;
}

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const selection = await initBackend({ prefer: values.backend });
const threads = selection.details.threads ? ` (${selection.details.threads} thread${selection.details.threads === 1 ? '' : 's'})` : '';
console.log(`# training step (forward + backward + SGD), batch ${batchSize}, ${steps} timed steps after 1 warm-up (median)`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, tfjs ${tf.version.tfjs}, backend ${selection.name}${threads}`);
console.log('');
console.log('| model | input | parameters | median step (ms) | images/s | conv GFLOP/s | loss first → last |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');

for (const name of values.models.split(',')) {
  const config = resolveModelConfig(modelPreset(name, { inputShape: INPUTS[name] }));
  const model = buildModel(config, 1);
  const rng = Prng.fromSeed(7);
  const x = tf.tensor(fillNormal(rng, new Float32Array(batchSize * config.inputShape.reduce((a, b) => a * b))), [batchSize, ...config.inputShape]);
  const labels = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => i % config.numClasses), 'int32');
  const optimizer = bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: 0.01 });
  const trainStep = (step) => {
    const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step }), labels), [...model.trainableVariables]);
    optimizer.applyGradients(grads, step);
    const loss = value.dataSync()[0]; // waits for the step to finish
    tf.dispose([value, grads]);
    return loss;
  };
  const losses = [trainStep(0)];
  const times = [];
  for (let step = 1; step <= steps; step++) {
    const start = performance.now();
    losses.push(trainStep(step));
    times.push(performance.now() - start);
  }
  const ms = median(times);
  const gflops = (3 * 2 * convMacs(config) * batchSize) / (ms / 1000) / 1e9; // backward ≈ 2× forward
  console.log(
    `| ${name} | ${config.inputShape.join('×')} | ${model.parameterCount().toLocaleString('en-US')} | ${ms.toFixed(0)} | ${(batchSize / (ms / 1000)).toFixed(1)} | ${gflops.toFixed(2)} | ${losses[0].toFixed(3)} → ${losses[losses.length - 1].toFixed(3)} |`,
  );
  if (values.profile) {
    const profile = await tf.profile(() => trainStep(steps + 1));
    const byKernel = {};
    for (const k of profile.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + k.kernelTimeMs;
    const top = Object.entries(byKernel).sort((a, b) => b[1] - a[1]).slice(0, 10);
    console.log(`  profile ${name}: ${top.map(([k, t]) => `${k} ${t.toFixed(0)} ms`).join(', ')}`);
  }
  optimizer.dispose();
  tf.dispose([x, labels]);
  model.dispose();
}
