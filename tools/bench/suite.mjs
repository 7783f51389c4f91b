#!/usr/bin/env node
// The benchmark suite of the performance issue (not a test): `npm run bench`.
// Uses the built packages (packages/*/dist), so build first. Every cell has a warm-up, repetitions
// and a time cap (a capped cell reports the steps it finished), and reports median and min–max.
// Cells: roofline, two-layer, wrn, pipeline, synthetic, patched. Writes <out>/bench.md and <out>/bench.json
// (default out: docs/results), atomically.
// Usage: node tools/bench/suite.mjs [--quick] [--only roofline,two-layer,...] [--out DIR]
//        [--backends blas,wasm,cpu] [--threads N] [--render FILE.json]
// --render re-renders bench.md (targets and tables) from a bench.json without measuring anything.
import { parseArgs } from 'node:util';
import { cpus, totalmem, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tf = require('@tensorflow/tfjs');
const core = require('../../packages/core/dist/index.js');
const { initBackend, fillNormal, Prng } = core;

const CELLS = ['roofline', 'two-layer', 'wrn', 'pipeline', 'synthetic', 'patched'];
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    backends: { type: 'string', default: 'blas,wasm,cpu' },
    // The thread count of blas and wasm (LRLAB_THREADS), here and in the cells' child processes; default the cores.
    threads: { type: 'string' },
    // Internal: run one `synthetic --scale full` large-lr run (seed 1) in this process.
    'child-full-run': { type: 'string' },
    // Internal: run the `patched-fashion-mnist` quick study's first run (small-lr-noise, seed 1) in this process.
    'child-patched-run': { type: 'string' },
    render: { type: 'string' },
  },
});

if (values.threads !== undefined) process.env.LRLAB_THREADS = values.threads;
/** The environment backends are selected with: only the thread count, when --threads gives one. */
const backendEnv = values.threads === undefined ? {} : { LRLAB_THREADS: values.threads };

const normal = (n, seed, scale = 1) => {
  const a = fillNormal(Prng.fromSeed(seed), new Float32Array(n));
  if (scale !== 1) for (let i = 0; i < n; i++) a[i] *= scale;
  return a;
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Summary of timed samples in ms. */
function stats(times) {
  return { steps: times.length, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

/**
 * Runs `step` `warmup` times untimed, then up to `reps` timed times while the cell stays under
 * `capMs` (a step predicted to overrun the cap is not started; at least one timed step is run).
 * `onWarmup` may wrap the first warm-up step (e.g. to profile memory).
 */
async function measure(step, { warmup, reps, capMs, firstWarmup }) {
  const start = performance.now();
  for (let i = 0; i < warmup; i++) {
    if (i === 0 && firstWarmup) await firstWarmup(step);
    else await step();
    if (performance.now() - start > capMs) break;
  }
  const times = [];
  while (times.length < reps) {
    const elapsed = performance.now() - start;
    const predicted = times.length ? median(times) : 0;
    if (times.length > 0 && elapsed + predicted > capMs) break;
    const t = performance.now();
    await step();
    times.push(performance.now() - t);
  }
  return { ...stats(times), requested: reps, capped: times.length < reps, cellMs: performance.now() - start };
}

// ---------------------------------------------------------------- child: one full synthetic run
if (values['child-full-run']) {
  const { syntheticStudy, expandStudy, runExperiment } = require('../../packages/experiments/dist/index.js');
  const dir = values['child-full-run'];
  const run = expandStudy(syntheticStudy('full', [1]), dir).find((r) => r.run === 'large-lr');
  const t = performance.now();
  const outcome = await runExperiment(run.config, { dir: run.dir, source: 'bench' });
  process.stdout.write(`${JSON.stringify({ wallMs: performance.now() - t, status: outcome.status, steps: outcome.stepsTrained, backend: outcome.backend })}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------- child: one patched-fashion-mnist run
if (values['child-patched-run']) {
  const { PRESETS, expandStudy, runExperiment } = require('../../packages/experiments/dist/index.js');
  const dir = values['child-patched-run'];
  // The noisy run: the most work of the three (a noise draw at every BN layer).
  const run = expandStudy(PRESETS['patched-fashion-mnist'].study('quick'), dir).find((r) => r.run === 'small-lr-noise' && r.seed === 1);
  const t = performance.now();
  const outcome = await runExperiment(run.config, { dir: run.dir, source: 'bench' });
  process.stdout.write(`${JSON.stringify({ wallMs: performance.now() - t, status: outcome.status, steps: outcome.stepsTrained, backend: outcome.backend })}\n`);
  process.exit(0);
}

const quick = values.quick;
const only = values.render ? [] : values.only ? values.only.split(',').map((s) => s.trim()) : CELLS;
for (const c of only) if (!CELLS.includes(c)) throw new Error(`--only: unknown cell ${c} (one of ${CELLS.join(', ')})`);
const outDir = path.resolve(values.out ?? path.join(ROOT, 'docs/results'));
const wantedBackends = values.backends.split(',').map((s) => s.trim());
const log = (msg) => process.stderr.write(`${msg}\n`);

// Settings: full run vs --quick smoke run.
const S = quick
  ? { rooflineReps: 3, rooflineWarmup: 1, twoLayer: { warmup: 2, reps: 5, capMs: 1500 }, wrn: { warmup: 1, reps: 1, capMs: 4000 }, pipeCapMs: 1000, synthCapMs: 20000, patchedCapMs: 20000 }
  : { rooflineReps: 11, rooflineWarmup: 2, twoLayer: { warmup: 3, reps: 20, capMs: 6000 }, wrn: { warmup: 1, reps: 7, capMs: 25000 }, pipeCapMs: 4000, synthCapMs: 240000, patchedCapMs: 600000 };

const result = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: {},
  versions: {},
  backends: {},
  cells: {},
  targets: [],
  notes: [],
};

// ---------------------------------------------------------------- machine & versions
{
  const cpuList = cpus();
  result.machine = {
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cpuCount: cpuList.length,
    ramGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  result.versions.tfjs = tf.version.tfjs;
  for (const p of fs.readdirSync(path.join(ROOT, 'packages'))) {
    const pj = path.join(ROOT, 'packages', p, 'package.json');
    if (fs.existsSync(pj)) {
      const j = JSON.parse(fs.readFileSync(pj, 'utf8'));
      result.versions[j.name] = j.version;
    }
  }
}

let blas;
try {
  blas = require('../../packages/blas/dist/index.js');
  const availability = blas.isBlasAvailable();
  if (!availability.available) blas = undefined;
} catch {
  blas = undefined;
}
// What blas results depend on (SIMD path, OpenBLAS version and core type); absent in older bench.json files.
result.machine.blasKernelPath = blas?.blasKernelPath ? blas.blasKernelPath() : null;

// Which backends start; the default one (core's order, no preference).
const defaultSel = await initBackend({ env: backendEnv });
result.defaultBackend = defaultSel.name;
const available = [];
for (const name of wantedBackends) {
  try {
    const sel = await initBackend({ prefer: name, env: backendEnv });
    available.push(name);
    result.backends[name] = { available: true, details: sel.details };
  } catch (e) {
    result.backends[name] = { available: false, error: String(e.message ?? e).split('\n')[0] };
  }
}
const { AUTO_BACKENDS_FOR_IMAGES } = require('../../packages/experiments/dist/index.js');
result.imageDefaultBackend = AUTO_BACKENDS_FOR_IMAGES.find((b) => result.backends[b]?.available) ?? null;
const threadsOf = (name) => result.backends[name]?.details?.threads ?? (name === 'blas' ? result.machine.openblasThreads : name === 'cpu' ? 1 : null);
log(`backends: ${available.join(', ')} (default ${result.defaultBackend})`);

// The blas thread count, once the backend is registered (the raw addon starts at 1).
result.machine.openblasThreads = blas ? blas.blasAddon().getThreads() : null;

// ---------------------------------------------------------------- 1. roofline
let roofline; // GFLOP/s median
const frac = (gflops) => (roofline ? gflops / roofline : null);
if (only.includes('roofline') || (blas && !values.render)) {
  if (blas) {
    const n = 1024;
    const { sgemm } = blas.blasAddon();
    const a = normal(n * n, 1);
    const b = normal(n * n, 2);
    const c = new Float32Array(n * n);
    const r = await measure(() => sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n), {
      warmup: S.rooflineWarmup,
      reps: S.rooflineReps,
      capMs: 10000,
    });
    const flops = 2 * n ** 3;
    roofline = flops / r.medianMs / 1e6;
    result.cells.roofline = {
      what: 'sgemm 1024³ through @lrlab/blas (cblas_sgemm)',
      n,
      threads: result.machine.openblasThreads,
      ...r,
      gflops: roofline,
      gflopsMin: flops / r.maxMs / 1e6,
      gflopsMax: flops / r.minMs / 1e6,
    };
    log(`roofline: ${roofline.toFixed(1)} GFLOP/s`);
  } else {
    result.notes.push('No roofline: @lrlab/blas is not built or OpenBLAS is missing; fractions of the roofline are not given.');
  }
}

// ---------------------------------------------------------------- 2. two-layer net
if (only.includes('two-layer')) {
  const [batch, width, classes] = [50, 200, 2];
  const rows = [];
  for (const backend of available) {
    await initBackend({ prefer: backend, env: backendEnv });
    for (const [size, d] of [['quick', 502], ['full', 2002]]) {
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
      // Steps take milliseconds: warm V8's JIT up on more of them, and time more (the cap stops slow backends).
      const r = await measure(step, { ...S.twoLayer, warmup: 10 * S.twoLayer.warmup, reps: 5 * S.twoLayer.reps });
      const flops = 3 * 2 * batch * d * width;
      const gflops = flops / r.medianMs / 1e6;
      rows.push({
        backend,
        threads: threadsOf(backend),
        size,
        d,
        ...r,
        examplesPerS: batch / (r.medianMs / 1000),
        gflops,
        gflopsMin: flops / r.maxMs / 1e6,
        gflopsMax: flops / r.minMs / 1e6,
        fractionOfRoofline: frac(gflops),
      });
      log(`two-layer ${backend} d=${d}: ${r.medianMs.toFixed(2)} ms, ${gflops.toFixed(2)} GFLOP/s`);
      tf.dispose([x, y, w1, w2]);
      optimizer.dispose();
    }
  }
  // lrlab's own step, as `lrlab run synthetic` takes it: trainLoop on the preset's large-lr run
  // (batch from the seeded stream, the model's forward with i.i.d. pre-activation noise, logistic
  // loss, gradients of the first layer only, the bound SGD update), one step at a time.
  const { syntheticStudy, expandStudy, prepareRun, buildRun, trainLoopInputs, trainLoop, disposeRun } = require('../../packages/experiments/dist/index.js');
  const silent = new Proxy({}, { get: () => () => {} });
  const lrlabRows = [];
  for (const backend of available) {
    await initBackend({ prefer: backend, env: backendEnv });
    for (const [size, scale, d] of [['quick', 'quick', 502], ['full', 'full', 2002]]) {
      const run = expandStudy(syntheticStudy(scale, [1]), path.join(tmpdir(), 'lrlab-bench-unused')).find((r) => r.run === 'large-lr');
      const built = buildRun(await prepareRun({ ...run.config, backend: 'auto' }));
      const inputs = trainLoopInputs(built, silent);
      let next = 0;
      const step = async () => {
        const plan = { ...inputs.plan, totalSteps: next + 1, evalSteps: [], checkpointSteps: [] };
        await trainLoop({ ...inputs, plan }, { startStep: next, onEvaluation() {}, onCheckpoint() {} });
        next += 1;
      };
      // Steps take milliseconds: warm V8's JIT up on more of them than the generic cell does.
      const r = await measure(step, { ...S.twoLayer, warmup: 10 * S.twoLayer.warmup, reps: 5 * S.twoLayer.reps });
      const flops = 3 * 2 * batch * d * width;
      const gflops = flops / r.medianMs / 1e6;
      lrlabRows.push({ backend, threads: threadsOf(backend), size, d, ...r, examplesPerS: batch / (r.medianMs / 1000), gflops, fractionOfRoofline: frac(gflops) });
      log(`lrlab two-layer step ${backend} d=${d}: ${r.medianMs.toFixed(2)} ms, ${gflops.toFixed(2)} GFLOP/s`);
      disposeRun(built);
    }
  }
  result.cells['two-layer'] = {
    what: 'one training step, batch 50, width 200, 2 classes; FLOPs = 3 matmuls of 2·50·d·200',
    rows,
    lrlabWhat:
      "lrlab's own step of the `synthetic` preset's large-lr run (trainLoop: seeded batch, pre-activation noise, logistic loss, first-layer gradient, bound SGD update); " +
      'FLOPs counted as above (forward + backward = 3 products), although the input gradient of the first layer is never needed, so it does 2 of the 3',
    lrlabRows,
  };
}

// ---------------------------------------------------------------- 3. WideResNets
/** Multiply-adds of the convolutions of one forward pass of one example (as tools/bench/models.mjs). */
function convMacs(config, wideResNetLayout) {
  const [h, w, c] = config.inputShape;
  const layout = wideResNetLayout(config);
  let macs = h * w * 9 * c * 16;
  for (const b of layout.blocks) {
    const [oh, ow] = b.outputSize;
    macs += oh * ow * 9 * (b.inChannels * b.outChannels + b.outChannels * b.outChannels);
    if (b.projection) macs += oh * ow * b.inChannels * b.outChannels;
  }
  return macs;
}

if (only.includes('wrn')) {
  const { buildModel, modelPreset, wideResNetLayout, resolveModelConfig } = require('../../packages/models/dist/index.js');
  const { bindOptimizer } = require('../../packages/schedules/dist/index.js');
  const models = ['wrn10x1', 'wrn16x1', 'wrn16x4'];
  const rows = [];
  const skipped = [];
  for (const backend of available) {
    if (backend === 'cpu') {
      skipped.push({ backend, reason: 'the pure-JS cpu backend takes ~2.4 s per step for a 2-conv net at batch 32 (docs/results/backends.md); every WRN step would exceed the cap' });
      continue;
    }
    await initBackend({ prefer: backend, env: backendEnv });
    for (const name of models) {
      let batch32Ms;
      for (const batch of [32, 128]) {
        if (batch === 128) {
          // Batch 128 only where it fits the cap: warm-up + one step ≈ 2 × 4 × the batch-32 step.
          if (batch32Ms === undefined || 8 * batch32Ms > S.wrn.capMs) {
            skipped.push({ backend, model: name, batch, reason: `predicted ${((8 * (batch32Ms ?? 0)) / 1000).toFixed(0)} s for warm-up + one step > cap ${S.wrn.capMs / 1000} s` });
            continue;
          }
        }
        const config = resolveModelConfig(modelPreset(name, { inputShape: [32, 32, 3] }));
        const model = buildModel(config, 1);
        const x = tf.tensor(normal(batch * 32 * 32 * 3, 7), [batch, 32, 32, 3]);
        const labels = tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % config.numClasses), 'int32');
        // lrlab's SGD: the bound optimizer (one-pass update where the backend has the fused kernel).
        const optimizer = bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: 0.01 });
        let stepIndex = 0;
        let rssMax = 0;
        const step = () => {
          const s = stepIndex++;
          const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step: s }), labels), [...model.trainableVariables]);
          optimizer.applyGradients(grads, s);
          value.dataSync();
          tf.dispose([value, grads]);
          rssMax = Math.max(rssMax, process.memoryUsage().rss);
        };
        let peakBytes = null;
        const r = await measure(step, {
          ...S.wrn,
          firstWarmup: async (fn) => {
            const before = tf.memory().numBytes;
            const info = await tf.profile(fn);
            peakBytes = Math.max(info.peakBytes, before);
          },
        });
        if (batch === 32) batch32Ms = r.medianMs;
        const flops = 3 * 2 * convMacs(config, wideResNetLayout) * batch;
        const gflops = flops / r.medianMs / 1e6;
        rows.push({
          backend,
          threads: threadsOf(backend),
          model: name,
          batch,
          parameters: model.parameterCount(),
          ...r,
          imagesPerS: batch / (r.medianMs / 1000),
          imagesPerSMin: batch / (r.maxMs / 1000),
          imagesPerSMax: batch / (r.minMs / 1000),
          gflops,
          fractionOfRoofline: frac(gflops),
          peakTfjsBytes: peakBytes,
          peakRssBytes: rssMax,
        });
        log(`wrn ${backend} ${name} b${batch}: ${r.medianMs.toFixed(0)} ms (${r.steps} steps), ${gflops.toFixed(2)} GFLOP/s`);
        optimizer.dispose();
        tf.dispose([x, labels]);
        model.dispose();
      }
    }
  }
  result.cells.wrn = {
    what: "one training step (forward in training mode + backward + lrlab's bound SGD update), 32×32×3 random inputs; FLOPs = convolutions × 3 (forward + 2× backward); peak tfjs bytes from tf.profile of the warm-up step; peak RSS = the largest process RSS sampled after each step of the cell (the process runs the cells in turn and the wasm heap never shrinks, so it includes what earlier cells left)",
    rows,
    skipped,
  };
}

// ---------------------------------------------------------------- 4. data pipeline
if (only.includes('pipeline')) {
  const ds = require('../../packages/datasets/dist/index.js');
  const size = 10000;
  const shape = [32, 32, 3];
  const dataset = ds.createDataset({
    name: 'cifar-shaped-random',
    features: normal(size * 32 * 32 * 3, 11),
    exampleShape: shape,
    labels: Int32Array.from({ length: size }, (_, i) => i % 10),
    numClasses: 10,
  });
  const mixture = ds.createPatchMixture({ exampleShape: shape, numClasses: 10, seed: 5 });
  const batchSize = 128;
  const stream = ds.trainStream(dataset, { batchSize, seed: 9, dropLast: true, transforms: [mixture.transform('train', size)] });
  let k = 0;
  const step = () => {
    const i = k++;
    const epoch = Math.floor(i / stream.batchesPerEpoch);
    stream.batch(epoch, i % stream.batchesPerEpoch);
  };
  const r = await measure(step, { warmup: 3, reps: quick ? 20 : 200, capMs: S.pipeCapMs });
  const examplesPerS = batchSize / (r.medianMs / 1000);
  const wrnRows = result.cells.wrn?.rows ?? [];
  const fastest = wrnRows.reduce((best, row) => (best === undefined || row.imagesPerS > best.imagesPerS ? row : best), undefined);
  result.cells.pipeline = {
    what: 'trainStream batches (seeded shuffle, gather, the patch mixture of @lrlab/datasets with its reference defaults) of 10,000 random 32×32×3 images, 10 classes, batch 128, on the host (no upload to tensors)',
    batchSize,
    ...r,
    examplesPerS,
    examplesPerSMin: batchSize / (r.maxMs / 1000),
    examplesPerSMax: batchSize / (r.minMs / 1000),
    ratioToFastestTraining: fastest ? examplesPerS / fastest.imagesPerS : null,
    fastestTraining: fastest ? { backend: fastest.backend, model: fastest.model, batch: fastest.batch, imagesPerS: fastest.imagesPerS } : null,
    ratios: wrnRows.map((row) => ({ backend: row.backend, model: row.model, batch: row.batch, ratio: examplesPerS / row.imagesPerS })),
  };
  log(`pipeline: ${examplesPerS.toFixed(0)} examples/s`);
}

// ---------------------------------------------------------------- 5. synthetic wall times
/** Runs a command with a wall-clock cap; resolves with its wall time, exit code and stdout. */
function timed(args, capMs, env = {}) {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, capMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ wallMs: performance.now() - t, code, capped: killed, stdout, stderr });
    });
  });
}

/** Run folders under `dir` whose manifest says finished. */
function finishedRuns(dir) {
  let n = 0;
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'manifest.json') {
        try {
          if (JSON.parse(fs.readFileSync(p, 'utf8')).status === 'finished') n++;
        } catch {
          // a run being written
        }
      }
    }
  };
  walk(dir);
  return n;
}

/** The step of the last evaluation logged under `dir` (metrics.jsonl), for a capped run. */
function lastLoggedStep(dir) {
  let step = null;
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'metrics.jsonl') {
        const lines = fs.readFileSync(p, 'utf8').trim().split('\n').filter(Boolean);
        try {
          const s = JSON.parse(lines.at(-1) ?? 'null')?.step;
          if (typeof s === 'number') step = Math.max(step ?? 0, s);
        } catch {
          // a line being written
        }
      }
    }
  };
  walk(dir);
  return step;
}

if (only.includes('synthetic')) {
  const tmp = fs.mkdtempSync(path.join(tmpdir(), 'lrlab-bench-'));
  const env = { LRLAB_BACKEND: '' };
  try {
    const full = await timed([fileURLToPath(import.meta.url), '--child-full-run', path.join(tmp, 'full')], S.synthCapMs, env);
    let inner = null;
    try {
      inner = JSON.parse(full.stdout.trim().split('\n').at(-1));
    } catch {
      inner = null;
    }
    const fullRow = {
      what: '`synthetic --scale full`, large-lr, seed 1 (runExperiment in a child process), default backend',
      wallMs: full.wallMs,
      runMs: inner?.wallMs ?? null,
      status: full.capped ? `capped at ${S.synthCapMs / 1000} s` : inner?.status ?? `exit ${full.code}: ${full.stderr.trim().split('\n').at(-1) ?? ''}`,
      steps: inner?.steps ?? null,
      stepsLoggedWhenCapped: full.capped ? lastLoggedStep(path.join(tmp, 'full')) : null,
      backend: inner?.backend ?? null,
      capped: full.capped,
    };
    log(`synthetic full run: ${(full.wallMs / 1000).toFixed(1)} s (${fullRow.status})`);
    const studyDir = path.join(tmp, 'quick');
    const study = await timed([path.join(ROOT, 'packages/experiments/bin/lrlab.js'), 'run', 'synthetic', '--out', studyDir], S.synthCapMs, env);
    const studyRow = {
      what: '`lrlab run synthetic` (quick study: 3 methods × 3 seeds + 2 baselines × 3 seeds), default backend',
      wallMs: study.wallMs,
      runsFinished: finishedRuns(studyDir),
      status: study.capped ? `capped at ${S.synthCapMs / 1000} s` : study.code === 0 ? 'finished' : `exit ${study.code}: ${study.stderr.trim().split('\n').at(-1) ?? ''}`,
      capped: study.capped,
    };
    log(`synthetic quick study: ${(study.wallMs / 1000).toFixed(1)} s (${studyRow.status}, ${studyRow.runsFinished} runs)`);
    result.cells.synthetic = { backend: result.defaultBackend, fullRun: fullRow, quickStudy: studyRow };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 6. one patched-fashion-mnist run
if (only.includes('patched')) {
  const { FASHION_MNIST_DEFAULT_DIR } = require('../../packages/datasets/dist/index.js');
  const present = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].every(
    (f) => fs.existsSync(path.join(FASHION_MNIST_DEFAULT_DIR, f)) || fs.existsSync(path.join(FASHION_MNIST_DEFAULT_DIR, `${f}.gz`)),
  );
  const what = '`patched-fashion-mnist` quick study, its small-lr-noise run, seed 1 (runExperiment in a child process), default image backend';
  if (!present) {
    result.cells.patched = { what, status: `not measured: the Fashion-MNIST files are not in ${FASHION_MNIST_DEFAULT_DIR} (apt-get install dataset-fashion-mnist)` };
  } else {
    const tmp = fs.mkdtempSync(path.join(tmpdir(), 'lrlab-bench-'));
    try {
      const child = await timed([fileURLToPath(import.meta.url), '--child-patched-run', tmp], S.patchedCapMs, { LRLAB_BACKEND: '' });
      let inner = null;
      try {
        inner = JSON.parse(child.stdout.trim().split('\n').at(-1));
      } catch {
        inner = null;
      }
      result.cells.patched = {
        what,
        wallMs: child.wallMs,
        status: child.capped ? `capped at ${S.patchedCapMs / 1000} s` : inner?.status ?? `exit ${child.code}: ${child.stderr.trim().split('\n').at(-1) ?? ''}`,
        steps: inner?.steps ?? null,
        backend: inner?.backend ?? null,
        capped: child.capped,
      };
      log(`patched-fashion-mnist run: ${(child.wallMs / 1000).toFixed(1)} s (${result.cells.patched.status})`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

// ---------------------------------------------------------------- targets
if (values.render) Object.assign(result, JSON.parse(fs.readFileSync(values.render, 'utf8')), { targets: [] });
{
  const pct = (x) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);
  const t = result.targets;
  const two = result.cells['two-layer']?.rows ?? [];
  for (const d of [502, 2002]) {
    const row = two.find((r) => r.backend === result.defaultBackend && r.d === d);
    const own = (result.cells['two-layer']?.lrlabRows ?? []).find((r) => r.backend === result.defaultBackend && r.d === d);
    t.push({
      target: `Two-layer-net training (d = ${d}) on the default CPU backend (${result.defaultBackend}) ≥ 30% of the roofline`,
      measured: row ? `${pct(row.fractionOfRoofline)}${own ? ` (lrlab's own step: ${pct(own.fractionOfRoofline)})` : ''}` : 'not measured',
      met: row && row.fractionOfRoofline !== null ? row.fractionOfRoofline >= 0.3 : null,
    });
  }
  const wrn = result.cells.wrn?.rows ?? [];
  for (const m of ['wrn16x1', 'wrn16x4']) {
    const cands = wrn.filter((r) => r.model === m && r.batch === 32);
    const best = cands.reduce((b, r) => (b === undefined || r.gflops > b.gflops ? r : b), undefined);
    const img = cands.find((r) => r.backend === result.imageDefaultBackend);
    t.push({
      target: `WRN training (${m}, batch 32) ≥ 10% of the roofline`,
      measured: best
        ? `${pct(best.fractionOfRoofline)} (best: ${best.backend})${img && img !== best ? `; ${pct(img.fractionOfRoofline)} on the image default ${img.backend}` : ''}`
        : 'not measured',
      met: best && best.fractionOfRoofline !== null ? best.fractionOfRoofline >= 0.1 : null,
    });
  }
  const pipe = result.cells.pipeline;
  t.push({
    target: 'Data pipeline ≥ 20× faster than training',
    measured: pipe?.ratioToFastestTraining ? `${pipe.ratioToFastestTraining.toFixed(1)}× the fastest WRN cell (${pipe.fastestTraining.model} b${pipe.fastestTraining.batch} on ${pipe.fastestTraining.backend})` : 'not measured',
    met: pipe?.ratioToFastestTraining ? pipe.ratioToFastestTraining >= 20 : null,
  });
  const syn = result.cells.synthetic;
  t.push({
    target: 'One `synthetic --scale full` run < 30 s',
    measured: syn ? `${(syn.fullRun.wallMs / 1000).toFixed(1)} s${syn.fullRun.capped ? ' (capped)' : ''}` : 'not measured',
    met: syn ? !syn.fullRun.capped && syn.fullRun.status === 'finished' && syn.fullRun.wallMs < 30000 : null,
  });
  t.push({
    target: 'Quick `synthetic` study < 3 min',
    measured: syn ? `${(syn.quickStudy.wallMs / 1000).toFixed(1)} s${syn.quickStudy.capped ? ' (capped)' : ''}` : 'not measured',
    met: syn ? !syn.quickStudy.capped && syn.quickStudy.status === 'finished' && syn.quickStudy.wallMs < 180000 : null,
  });
  const patched = result.cells.patched;
  t.push({
    target: '`patched-fashion-mnist` quick run < 10 min',
    measured:
      patched?.wallMs !== undefined
        ? `${(patched.wallMs / 1000).toFixed(1)} s on ${patched.backend ?? '?'} (${patched.status}; ${patched.steps ?? '?'} steps, evaluations included)`
        : patched?.status ?? 'not measured',
    met: patched?.wallMs !== undefined ? !patched.capped && patched.status === 'finished' && patched.wallMs < 600000 : null,
  });
}

// ---------------------------------------------------------------- markdown
function markdown(r) {
  const f = (x, digits = 2) => (x === null || x === undefined ? '–' : x.toFixed(digits));
  const pct = (x) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(2)}%`);
  const mib = (b) => (b === null || b === undefined ? '–' : (b / 2 ** 20).toFixed(0));
  const ms = (row) => `${f(row.medianMs)} (${f(row.minMs)}–${f(row.maxMs)})`;
  const stepsCol = (row) => `${row.steps}/${row.requested}${row.capped ? ' (capped)' : ''}`;
  const bk = (name, threads) => `${name}${threads ? ` (${threads} thread${threads === 1 ? '' : 's'})` : ''}`;
  const L = [];
  L.push('# Benchmark suite');
  L.push('');
  L.push(`Generated by \`npm run bench\` (\`tools/bench/suite.mjs\`${r.mode === 'quick' ? ' --quick' : ''}) on ${r.date}. Times are medians with the min–max`);
  L.push('spread of the timed repetitions after warm-up; every cell is capped in time, and a capped cell reports the');
  L.push('steps it finished. One run of the suite on a shared machine: indicative, not a controlled benchmark.');
  L.push('');
  L.push('## Machine');
  L.push('');
  L.push(`- CPU: ${r.machine.cpuCount} × ${r.machine.cpuModel}; RAM ${r.machine.ramGiB} GiB; ${r.machine.platform}`);
  const kernelPath = r.machine.blasKernelPath ? `; blas kernel path: ${Object.entries(r.machine.blasKernelPath).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
  L.push(`- Node ${r.machine.node}; tfjs ${r.versions.tfjs}; OpenBLAS threads: ${r.machine.openblasThreads ?? 'n/a (no @lrlab/blas)'}${kernelPath}`);
  L.push(`- Packages: ${Object.entries(r.versions).filter(([k]) => k.startsWith('@lrlab/')).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  L.push(`- Backends: ${Object.entries(r.backends).map(([k, v]) => (v.available ? bk(k, v.details?.threads) : `${k} (unavailable: ${v.error})`)).join(', ')}; default ${r.defaultBackend}; default for image models ${r.imageDefaultBackend}`);
  L.push('');
  L.push('## Targets (performance issue)');
  L.push('');
  L.push('| target | measured | met |');
  L.push('| --- | --- | --- |');
  for (const t of r.targets) L.push(`| ${t.target} | ${t.measured} | ${t.met === null ? '–' : t.met ? 'met' : 'not met'} |`);
  L.push('');
  L.push('What limits the missed targets, kernel by kernel: [profiles.md](profiles.md) (`npm run bench:profile`).');
  L.push('');
  const c = r.cells;
  if (c.roofline) {
    L.push('## Roofline');
    L.push('');
    L.push(`${c.roofline.what}, ${c.roofline.threads} OpenBLAS threads.`);
    L.push('');
    L.push('| n | ms (min–max) | GFLOP/s (min–max) | steps |');
    L.push('| ---: | --- | --- | --- |');
    L.push(`| ${c.roofline.n} | ${ms(c.roofline)} | **${f(c.roofline.gflops, 1)}** (${f(c.roofline.gflopsMin, 1)}–${f(c.roofline.gflopsMax, 1)}) | ${stepsCol(c.roofline)} |`);
    L.push('');
  }
  if (c['two-layer']) {
    L.push('## Two-layer net, one training step');
    L.push('');
    L.push(`${c['two-layer'].what}; synthetic quick size d = 502, full size d = 2002.`);
    L.push('');
    L.push('| backend | d | ms/step (min–max) | examples/s | GFLOP/s (min–max) | fraction of roofline | steps |');
    L.push('| --- | ---: | --- | ---: | --- | ---: | --- |');
    for (const row of c['two-layer'].rows) {
      L.push(`| ${bk(row.backend, row.threads)} | ${row.d} | ${ms(row)} | ${f(row.examplesPerS, 0)} | ${f(row.gflops)} (${f(row.gflopsMin)}–${f(row.gflopsMax)}) | ${pct(row.fractionOfRoofline)} | ${stepsCol(row)} |`);
    }
    if (c['two-layer'].lrlabRows?.length) {
      L.push('');
      L.push(`${c['two-layer'].lrlabWhat}.`);
      L.push('');
      L.push('| backend | d | ms/step (min–max) | examples/s | GFLOP/s | fraction of roofline | steps |');
      L.push('| --- | ---: | --- | ---: | ---: | ---: | --- |');
      for (const row of c['two-layer'].lrlabRows) {
        L.push(`| ${bk(row.backend, row.threads)} | ${row.d} | ${ms(row)} | ${f(row.examplesPerS, 0)} | ${f(row.gflops)} | ${pct(row.fractionOfRoofline)} | ${stepsCol(row)} |`);
      }
    }
    L.push('');
  }
  if (c.wrn) {
    L.push('## WideResNet, one training step');
    L.push('');
    L.push(`${c.wrn.what}.`);
    L.push('');
    L.push('| backend | model | batch | ms/step (min–max) | images/s (min–max) | conv GFLOP/s | fraction of roofline | peak tfjs MiB | peak RSS MiB | steps |');
    L.push('| --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |');
    for (const row of c.wrn.rows) {
      L.push(
        `| ${bk(row.backend, row.threads)} | ${row.model} | ${row.batch} | ${f(row.medianMs, 0)} (${f(row.minMs, 0)}–${f(row.maxMs, 0)}) | ${f(row.imagesPerS, 1)} (${f(row.imagesPerSMin, 1)}–${f(row.imagesPerSMax, 1)}) | ${f(row.gflops)} | ${pct(row.fractionOfRoofline)} | ${mib(row.peakTfjsBytes)} | ${mib(row.peakRssBytes)} | ${stepsCol(row)} |`,
      );
    }
    L.push('');
    for (const s of c.wrn.skipped) L.push(`- Skipped: ${s.backend}${s.model ? ` ${s.model} batch ${s.batch}` : ' (all WRN cells)'}: ${s.reason}.`);
    if (c.wrn.skipped.length) L.push('');
  }
  if (c.pipeline) {
    const p = c.pipeline;
    L.push('## Data pipeline alone');
    L.push('');
    L.push(`${p.what}.`);
    L.push('');
    L.push('| ms/batch (min–max) | examples/s (min–max) | ratio to the fastest WRN training cell | steps |');
    L.push('| --- | --- | --- | --- |');
    L.push(
      `| ${ms(p)} | ${f(p.examplesPerS, 0)} (${f(p.examplesPerSMin, 0)}–${f(p.examplesPerSMax, 0)}) | ${p.ratioToFastestTraining ? `${f(p.ratioToFastestTraining, 1)}× (${p.fastestTraining.model} b${p.fastestTraining.batch}, ${p.fastestTraining.backend}, ${f(p.fastestTraining.imagesPerS, 1)} images/s)` : '– (WRN cells not run)'} | ${stepsCol(p)} |`,
    );
    L.push('');
  }
  if (c.synthetic) {
    const s = c.synthetic;
    L.push('## Synthetic study wall times');
    L.push('');
    L.push(`Default backend (${s.backend}); one run each, wall time including process start.`);
    L.push('');
    L.push('| what | wall (s) | status |');
    L.push('| --- | ---: | --- |');
    L.push(`| ${s.fullRun.what} | ${f(s.fullRun.wallMs / 1000, 1)} | ${s.fullRun.status}${s.fullRun.steps ? `, ${s.fullRun.steps} steps` : ''}${s.fullRun.capped ? `, last evaluation logged at step ${s.fullRun.stepsLoggedWhenCapped ?? '–'} of 4000` : ''}${s.fullRun.runMs ? `; runExperiment itself ${f(s.fullRun.runMs / 1000, 1)} s` : ''} |`);
    L.push(`| ${s.quickStudy.what} | ${f(s.quickStudy.wallMs / 1000, 1)} | ${s.quickStudy.status}, ${s.quickStudy.runsFinished} runs finished |`);
    L.push('');
  }
  if (c.patched) {
    L.push('## One patched-fashion-mnist run');
    L.push('');
    L.push(`${c.patched.what}; wall time including process start and data loading.`);
    L.push('');
    L.push('| wall (s) | backend | status |');
    L.push('| ---: | --- | --- |');
    L.push(`| ${c.patched.wallMs === undefined ? '–' : f(c.patched.wallMs / 1000, 1)} | ${c.patched.backend ?? '–'} | ${c.patched.status}${c.patched.steps ? `, ${c.patched.steps} steps` : ''} |`);
    L.push('');
  }
  if (r.notes.length) {
    L.push('## Notes');
    L.push('');
    for (const n of r.notes) L.push(`- ${n}`);
    L.push('');
  }
  return L.join('\n');
}

/** Writes a file atomically (temp file in the same folder, then rename). */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

fs.mkdirSync(outDir, { recursive: true });
writeAtomic(path.join(outDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
writeAtomic(path.join(outDir, 'bench.md'), `${markdown(result)}\n`);
log(`wrote ${path.join(outDir, 'bench.md')} and bench.json`);
