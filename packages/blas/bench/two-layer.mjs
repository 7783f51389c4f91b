#!/usr/bin/env node
// Micro-benchmark (not a test): one training step (forward + backward + SGD update) of the
// synthetic two-layer net (batch 50, width 200, ReLU, 2 classes) on each backend, and a large
// sgemm through the addon as the machine's roofline. Uses the built packages: build core and blas
// first. Prints a markdown table for docs/results/backends.md.
// Usage: node packages/blas/bench/two-layer.mjs [--backends blas,wasm,cpu] [--dims 502,2002] [--steps 20]
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const { fillNormal, Prng } = require('../../core/dist/index.js');
const { initBackend } = require('../../backends/dist/index.js');
const { blasAddon, isBlasAvailable } = require('../dist/index.js');

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'blas,wasm,cpu' },
    dims: { type: 'string', default: '502,2002' },
    steps: { type: 'string', default: '20' },
    roofline: { type: 'string', default: '1024' },
  },
});
const [batch, width, classes] = [50, 200, 2];
const steps = Number(values.steps);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const normal = (n, seed, scale = 1) => fillNormal(Prng.fromSeed(seed), new Float32Array(n)).map((v) => v * scale);

const rows = [];
if (isBlasAvailable().available) {
  const n = Number(values.roofline);
  const { sgemm } = blasAddon();
  const a = normal(n * n, 1);
  const b = normal(n * n, 2);
  const c = new Float32Array(n * n);
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n);
    times.push(performance.now() - t);
  }
  const ms = median(times.slice(2));
  console.log(`roofline: sgemm ${n}³, ${blasAddon().getThreads()} threads: median ${ms.toFixed(2)} ms = ${((2 * n ** 3) / ms / 1e6).toFixed(1)} GFLOP/s`);
}

for (const backend of values.backends.split(',')) {
  const selection = await initBackend({ prefer: backend });
  for (const d of values.dims.split(',').map(Number)) {
    const x = tf.tensor2d(normal(batch * d, 3), [batch, d]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % classes), 'int32'), classes);
    const w1 = tf.variable(tf.tensor2d(normal(d * width, 4, 1 / Math.sqrt(d)), [d, width]));
    const w2 = tf.variable(tf.tensor2d(normal(width * classes, 5, 1 / Math.sqrt(width)), [width, classes]));
    const optimizer = tf.train.sgd(0.01);
    const step = () => {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.relu(tf.matMul(x, w1)), w2)), true);
      loss.dataSync();
      loss.dispose();
    };
    for (let i = 0; i < 3; i++) step();
    const times = [];
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      step();
      times.push(performance.now() - t);
    }
    const ms = median(times);
    const flops = 3 * 2 * batch * d * width;
    rows.push(`| ${backend} | ${d} | ${ms.toFixed(3)} | ${Math.min(...times).toFixed(3)}–${Math.max(...times).toFixed(3)} | ${(flops / ms / 1e6).toFixed(2)} | ${selection.details.threads ?? ''} |`);
    tf.dispose([x, y, w1, w2]);
    optimizer.dispose();
  }
}
console.log('\n| backend | input d | median ms/step | range ms | GFLOP/s (3 matmuls of 2·50·d·200) | threads |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
