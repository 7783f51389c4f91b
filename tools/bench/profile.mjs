#!/usr/bin/env node
/**
 * Profiles of the training steps whose speed targets are missed (docs/results/bench.md): where a
 * step's time goes, kernel by kernel (tf.profile), how much of it is outside the kernels (tfjs's
 * engine, autodiff bookkeeping, JavaScript), and what the same matrix products reach when called
 * on OpenBLAS directly — the ceiling for that shape. Writes docs/results/profiles.md.
 *
 *   npm run bench:profile [-- --out DIR] [--steps N]
 *
 * Uses the built packages (`npm ci` builds them). Not a test; run it on an idle machine.
 */
import { parseArgs } from 'node:util';
import { cpus, totalmem, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tf = require('@tensorflow/tfjs');
const { fillNormal, Prng } = require('../../packages/core/dist/index.js');
const { initBackend } = require('../../packages/backends/dist/index.js');
const { buildModel, modelPreset, resolveModelConfig } = require('../../packages/models/dist/index.js');
const { bindOptimizer } = require('../../packages/schedules/dist/index.js');

const { values } = parseArgs({ options: { out: { type: 'string' }, steps: { type: 'string', default: '10' } } });
const STEPS = Number(values.steps);
const log = (msg) => process.stderr.write(`${msg}\n`);
const normal = (n, seed, scale = 1) => {
  const out = fillNormal(Prng.fromSeed(seed), new Float32Array(n));
  if (scale !== 1) for (let i = 0; i < n; i++) out[i] *= scale;
  return out;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

let blas;
try {
  blas = require('../../packages/blas/dist/index.js');
  if (!blas.isBlasAvailable().available) blas = undefined;
} catch {
  blas = undefined;
}

/** Times `step` (median of STEPS after 2 warm-ups), then profiles STEPS more and averages per kernel. */
async function profileStep(step, warmup = 2) {
  for (let i = 0; i < warmup; i++) await step();
  const times = [];
  for (let i = 0; i < STEPS; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  const byKernel = new Map();
  const start = performance.now();
  const info = await tf.profile(async () => {
    for (let i = 0; i < STEPS; i++) await step();
  });
  const profiledMs = (performance.now() - start) / STEPS;
  for (const k of info.kernels) {
    // Composite ops (`…__op`, and a customGrad's forward, listed as an unnamed scope) are listed
    // beside the kernels they run: count those once.
    if (k.name.endsWith('__op') || k.name === 'unnamed scope') continue;
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += (await k.kernelTimeMs) / STEPS;
    entry.calls += 1 / STEPS;
    byKernel.set(k.name, entry);
  }
  const kernels = [...byKernel.entries()].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.ms - a.ms);
  const kernelMs = kernels.reduce((a, k) => a + k.ms, 0);
  return { stepMs: median(times), profiledMs, kernelMs, kernels };
}

const sections = [];
/** The kernels that carry a step's FLOPs. */
const PRODUCT_KERNELS = new Set(['MatMul', 'BatchMatMul', '_FusedMatMul', 'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, tfjs ${tf.version.tfjs}`;

// ------------------------------------------------------------ two-layer net, synthetic full size
const [batch, d, width] = [50, 2002, 200];
const flops = 3 * 2 * batch * d * width;
let nativeGflops;
if (blas) {
  // The step's three products on OpenBLAS directly: forward x·W1, backward dH·W1ᵀ... as sgemm calls.
  const { sgemm } = blas.blasAddon();
  const x = normal(batch * d, 1);
  const w = normal(d * width, 2);
  const h = new Float32Array(batch * width);
  const dx = new Float32Array(batch * d);
  const dw = new Float32Array(d * width);
  const products = () => {
    sgemm(false, false, batch, width, d, 1, x, d, w, width, 0, h, width); // x · W1
    sgemm(true, false, d, width, batch, 1, x, d, h, width, 0, dw, width); // xᵀ · dH
    sgemm(false, true, batch, d, width, 1, h, width, w, width, 0, dx, d); // dH · W1ᵀ
  };
  for (let i = 0; i < 20; i++) products();
  const times = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    products();
    times.push(performance.now() - start);
  }
  nativeGflops = flops / median(times) / 1e6;
  log(`native products: ${median(times).toFixed(3)} ms, ${nativeGflops.toFixed(1)} GFLOP/s`);
}

/** Starts `backend` and returns its label ("blas (2 threads)"), or undefined when it is not available. */
async function start(backend) {
  try {
    const selection = await initBackend({ prefer: backend, env: {} });
    const threads = selection.details.threads ?? 1;
    return `${backend} (${threads} thread${threads === 1 ? '' : 's'})`;
  } catch {
    return undefined;
  }
}

for (const backend of ['blas', 'wasm']) {
  const label = await start(backend);
  if (!label) continue;
  const x = tf.tensor2d(normal(batch * d, 3), [batch, d]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % 2), 'int32'), 2);
  const w1 = tf.variable(tf.tensor2d(normal(d * width, 4, 1 / Math.sqrt(d)), [d, width]));
  const w2 = tf.variable(tf.tensor2d(normal(width * 2, 5, 1 / Math.sqrt(width)), [width, 2]));
  const optimizer = tf.train.sgd(0.01);
  const step = () => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.relu(tf.matMul(x, w1)), w2)), true);
    loss.dataSync();
    loss.dispose();
  };
  const p = await profileStep(step);
  log(`two-layer ${backend}: ${p.stepMs.toFixed(2)} ms/step, kernels ${p.kernelMs.toFixed(2)} ms`);
  sections.push({ title: `Two-layer net step (batch ${batch}, d = ${d}, width ${width}) on ${label}`, flops, ...p });
  tf.dispose([x, y, w1, w2]);
  optimizer.dispose();
}

// ------------------------------------------------------------ lrlab's own two-layer step
// The `synthetic --scale full` large-lr run's step as trainLoop takes it: seeded batch,
// pre-activation noise, logistic loss, first-layer gradient only, the bound SGD update.
{
  const { syntheticStudy, expandStudy, prepareRun, buildRun, trainLoopInputs, trainLoop, disposeRun } = require('../../packages/experiments/dist/index.js');
  const label = await start('blas');
  if (label) {
    const run = expandStudy(syntheticStudy('full', [1]), path.join(tmpdir(), 'lrlab-profile-unused')).find((r) => r.run === 'large-lr');
    const built = buildRun(await prepareRun(run.config));
    const inputs = trainLoopInputs(built, new Proxy({}, { get: () => () => {} }));
    let next = 0;
    const step = async () => {
      await trainLoop({ ...inputs, plan: { ...inputs.plan, totalSteps: next + 1, evalSteps: [], checkpointSteps: [] } }, { startStep: next, onEvaluation() {}, onCheckpoint() {} });
      next += 1;
    };
    const p = await profileStep(step, 50);
    log(`lrlab two-layer step blas: ${p.stepMs.toFixed(2)} ms/step, kernels ${p.kernelMs.toFixed(2)} ms`);
    sections.push({ title: `lrlab's own training step of the \`synthetic --scale full\` large-lr run (trainLoop) on ${label}`, flops, ...p });
    disposeRun(built);
  }
}

// ------------------------------------------------------------ WRN-16-1, batch 32
for (const backend of ['wasm', 'blas']) {
  const label = await start(backend);
  if (!label) continue;
  const config = resolveModelConfig(modelPreset('wrn16x1', { inputShape: [32, 32, 3] }));
  const model = buildModel(config, 1);
  const x = tf.tensor(normal(32 * 32 * 32 * 3, 7), [32, 32, 32, 3]);
  const labels = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32');
  // lrlab's SGD: the bound optimizer (one-pass update where the backend has the fused kernel).
  const optimizer = bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: 0.01 });
  let n = 0;
  const step = () => {
    const s = n++;
    const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step: s }), labels), [...model.trainableVariables]);
    optimizer.applyGradients(grads, s);
    value.dataSync();
    tf.dispose([value, grads]);
  };
  const p = await profileStep(step);
  log(`wrn16x1 ${backend}: ${p.stepMs.toFixed(0)} ms/step, kernels ${p.kernelMs.toFixed(0)} ms`);
  sections.push({ title: `WRN-16-1 step (batch 32, 32×32×3) on ${label}`, ...p });
  optimizer.dispose();
  tf.dispose([x, labels]);
  model.dispose();
}

// ------------------------------------------------------------ markdown
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const lines = [
  '# Profiles of the training steps',
  '',
  `Generated by \`npm run bench:profile\` (\`tools/bench/profile.mjs\`) on ${new Date().toISOString().slice(0, 10)}; ${machine}.`,
  `Each step is timed ${STEPS} times after two warm-ups (median), then profiled over ${STEPS} more with \`tf.profile\`; kernel times are per step.`,
  '"Outside the kernels" is the profiled step time minus the kernels\' sum: tfjs\'s engine (tape, tensor bookkeeping, kernel dispatch) and JavaScript.',
  '',
];
if (nativeGflops !== undefined) {
  // The roofline the targets are measured against: the suite's sgemm 1024³ (bench.json), if run.
  let roofline;
  try {
    roofline = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/results/bench.json'), 'utf8')).cells?.roofline?.gflops;
  } catch {
    roofline = undefined;
  }
  const share = roofline ? ` (${((100 * nativeGflops) / roofline).toFixed(0)}% of the ${roofline.toFixed(0)} GFLOP/s roofline in bench.md)` : '';
  const verdict = roofline
    ? nativeGflops >= 0.3 * roofline
      ? 'so the 30% target is within the BLAS\'s reach at these shapes: what a step loses, it loses outside the products (the tables below).'
      : 'so the 30% target is beyond what the BLAS itself gives at these shapes.'
    : '';
  lines.push(
    `**Ceiling for the two-layer step's shapes**: its three products (50×${d}·${d}×200, ${d}×50·50×200, 50×200·200×${d}) called on OpenBLAS directly reach **${nativeGflops.toFixed(1)} GFLOP/s**${share}, ${verdict}`,
    '',
  );
}
for (const s of sections) {
  lines.push(`## ${s.title}`, '');
  const outside = Math.max(0, s.profiledMs - s.kernelMs);
  lines.push(`Step: ${fmt(s.stepMs)} ms (profiled: ${fmt(s.profiledMs)} ms); kernels ${fmt(s.kernelMs)} ms; outside the kernels ${fmt(outside)} ms (${((100 * outside) / s.profiledMs).toFixed(0)}%).`);
  if (s.flops) lines.push(`FLOPs of its products: ${(s.flops / 1e6).toFixed(1)} MFLOP → ${(s.flops / s.stepMs / 1e6).toFixed(2)} GFLOP/s for the whole step.`);
  const productMs = s.kernels.filter((k) => PRODUCT_KERNELS.has(k.name)).reduce((a, k) => a + k.ms, 0);
  lines.push(
    `The products (matmuls and convolutions with their gradients) take ${((100 * productMs) / s.profiledMs).toFixed(0)}% of the step; every other kernel (element-wise ops, reductions, batch norm, the optimizer's update) ${((100 * (s.kernelMs - productMs)) / s.profiledMs).toFixed(0)}%.`,
  );
  lines.push('', '| kernel | calls | ms | share of the step |', '| --- | ---: | ---: | ---: |');
  for (const k of s.kernels.slice(0, 12)) lines.push(`| ${k.name} | ${k.calls.toFixed(0)} | ${fmt(k.ms)} | ${((100 * k.ms) / s.profiledMs).toFixed(1)}% |`);
  const rest = s.kernels.slice(12);
  if (rest.length > 0) lines.push(`| ${rest.length} others | ${rest.reduce((a, k) => a + k.calls, 0).toFixed(0)} | ${fmt(rest.reduce((a, k) => a + k.ms, 0))} | ${((100 * rest.reduce((a, k) => a + k.ms, 0)) / s.profiledMs).toFixed(1)}% |`);
  lines.push('');
}
const outDir = path.resolve(values.out ?? path.join(ROOT, 'docs/results'));
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'profiles.md'), `${lines.join('\n')}\n`);
log(`wrote ${path.join(outDir, 'profiles.md')}`);
process.exit(0);
