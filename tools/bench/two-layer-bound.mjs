#!/usr/bin/env node
/**
 * A bound, not a feature: how fast could the `synthetic --scale full` two-layer training step be
 * if it left tfjs? This prototype runs the step's arithmetic straight on @lrlab/blas's addon, with
 * every array allocated once and the first layer updated in place (W₁ ← W₁ − lr·xᵀ·dH as one
 * sgemm with β = 1), keeping what a real step must do in JavaScript: copying the batch and drawing
 * the 10,000 seeded pre-activation normals. It is what docs/results/backends.md means by "the whole
 * step as one native call"; lrlab does not train this way (see there why).
 *
 * Shapes as the preset's large-lr run: batch 50, d = 2002, width 200, one logit, logistic loss,
 * only the first layer trained. FLOPs counted as the suite counts them (3 products of 2·50·d·200).
 *
 *   node tools/bench/two-layer-bound.mjs [--steps 2000] [--d 2002]
 */
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { fillNormal, Prng, deriveSeed } = require('../../packages/core/dist/index.js');
const { blasAddon, isBlasAvailable, setBlasThreads } = require('../../packages/blas/dist/index.js');

const { values } = parseArgs({ options: { steps: { type: 'string', default: '2000' }, d: { type: 'string', default: '2002' }, threads: { type: 'string', default: '2' } } });
if (!isBlasAvailable().available) throw new Error(`needs @lrlab/blas: ${isBlasAvailable().reason}`);
setBlasThreads(Number(values.threads));
const { sgemm, binary, unary } = blasAddon();
const [batch, d, width, steps, lr] = [50, Number(values.d), 200, Number(values.steps), 0.1];

// A fixed pool of examples to copy batches from, as the stream's gather does.
const pool = fillNormal(Prng.fromSeed(1), new Float32Array(20 * batch * d));
const labels = Int8Array.from({ length: 20 * batch }, (_, i) => (i % 2 ? 1 : -1));
const w1 = fillNormal(Prng.fromSeed(2), new Float32Array(d * width), 0, 1 / Math.sqrt(d));
const w2 = Float32Array.from({ length: width }, (_, j) => (j % 2 ? -1 : 1) / Math.sqrt(width));
const x = new Float32Array(batch * d);
const noise = new Float32Array(batch * width);
const h = new Float32Array(batch * width);
const a = new Float32Array(batch * width);
const f = new Float32Array(batch);
const df = new Float32Array(batch);
const dA = new Float32Array(batch * width);
const mask = new Float32Array(batch * width);
const dH = new Float32Array(batch * width);
const ADD = 0;
const MUL = 2;
const [RELU, STEP] = [0, 1];

function step(s) {
  const first = (s % 20) * batch;
  x.set(pool.subarray(first * d, (first + batch) * d));
  fillNormal(Prng.fromSeed(deriveSeed(3, 'noise', s)), noise, 0, 0.1);
  sgemm(false, false, batch, width, d, 1, x, d, w1, width, 0, h, width); // h = x·W₁
  binary(ADD, h, noise, h); // + ξ
  unary(RELU, h, a, 0);
  sgemm(false, false, batch, 1, width, 1, a, width, w2, 1, 0, f, 1); // f = a·w₂
  let loss = 0;
  for (let i = 0; i < batch; i++) {
    const margin = labels[first + i] * f[i];
    loss += Math.log1p(Math.exp(-margin));
    df[i] = (-labels[first + i] / (1 + Math.exp(margin))) / batch; // ∂loss/∂f
  }
  sgemm(false, false, batch, width, 1, 1, df, 1, w2, width, 0, dA, width); // dA = df·w₂ᵀ
  unary(STEP, h, mask, 0);
  binary(MUL, dA, mask, dH); // dH = dA ⊙ step(h)
  sgemm(true, false, d, width, batch, -lr, x, d, dH, width, 1, w1, width); // W₁ −= lr·xᵀ·dH
  return loss / batch;
}

for (let s = 0; s < 200; s++) step(s);
const start = performance.now();
let last = 0;
for (let s = 0; s < steps; s++) last = step(200 + s);
const ms = (performance.now() - start) / steps;
const gflops = (3 * 2 * batch * d * width) / ms / 1e6;
console.log(`two-layer step as one native pass, d = ${d}: ${ms.toFixed(3)} ms a step (mean of ${steps}), ${gflops.toFixed(1)} GFLOP/s; last loss ${last.toFixed(4)}`);
