// Cell 2, the two-layer net of the `synthetic` preset: one training step on every available backend at
// the quick (d = 502) and full (d = 2002) sizes, as a generic tfjs step and as lrlab's own step.
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { log, measure, normal } from '../measure.mjs';

const require = createRequire(import.meta.url);
/** The roofline is the CPU's sgemm: a fraction of it means nothing for a GPU backend. */
const onCpu = (backend) => backend !== 'webgpu';

const SETTINGS = {
  quick: { warmup: 2, reps: 5, capMs: 1500 },
  full: { warmup: 3, reps: 20, capMs: 6000 },
};

const [batch, width, classes] = [50, 200, 2];
/** Forward + backward: 3 matmuls of 2·batch·d·width. */
const stepFlops = (d) => 3 * 2 * batch * d * width;
const silent = new Proxy({}, { get: () => () => {} });

/** The generic step: a two-layer ReLU net, softmax cross-entropy, tfjs's SGD. */
async function genericRow(tf, backend, size, d, { threadsOf, fractionOfRoofline }, settings) {
  const x = tf.tensor2d(normal(batch * d, 3), [batch, d]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % classes), 'int32'), classes);
  const w1 = tf.variable(tf.tensor2d(normal(d * width, 4, 1 / Math.sqrt(d)), [d, width]));
  const w2 = tf.variable(tf.tensor2d(normal(width * classes, 5, 1 / Math.sqrt(width)), [width, classes]));
  const optimizer = tf.train.sgd(0.01);
  // The read ends the step (on webgpu it waits for the GPU); asynchronous, as webgpu requires.
  const step = async () => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.relu(tf.matMul(x, w1)), w2)), true);
    await loss.data();
    loss.dispose();
  };
  // Steps take milliseconds: warm V8's JIT up on more of them, and time more (the cap stops slow backends).
  const r = await measure(step, { ...settings, warmup: 10 * settings.warmup, reps: 5 * settings.reps });
  const flops = stepFlops(d);
  const gflops = flops / r.medianMs / 1e6;
  log(`two-layer ${backend} d=${d}: ${r.medianMs.toFixed(2)} ms, ${gflops.toFixed(2)} GFLOP/s`);
  tf.dispose([x, y, w1, w2]);
  optimizer.dispose();
  return {
    backend,
    threads: threadsOf(backend),
    size,
    d,
    ...r,
    examplesPerS: batch / (r.medianMs / 1000),
    gflops,
    gflopsMin: flops / r.maxMs / 1e6,
    gflopsMax: flops / r.minMs / 1e6,
    fractionOfRoofline: onCpu(backend) ? fractionOfRoofline(gflops) : null,
  };
}

/**
 * lrlab's own step, as `lrlab run synthetic` takes it: trainLoop on the preset's large-lr run
 * (batch from the seeded stream, the model's forward with i.i.d. pre-activation noise, logistic
 * loss, gradients of the first layer only, the bound SGD update), one step at a time.
 */
async function lrlabRow(experiments, backend, size, scale, d, { threadsOf, fractionOfRoofline }, settings) {
  const { syntheticStudy, expandStudy, prepareRun, buildRun, trainLoopInputs, trainLoop, disposeRun } = experiments;
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
  const r = await measure(step, { ...settings, warmup: 10 * settings.warmup, reps: 5 * settings.reps });
  const gflops = stepFlops(d) / r.medianMs / 1e6;
  log(`lrlab two-layer step ${backend} d=${d}: ${r.medianMs.toFixed(2)} ms, ${gflops.toFixed(2)} GFLOP/s`);
  disposeRun(built);
  return { backend, threads: threadsOf(backend), size, d, ...r, examplesPerS: batch / (r.medianMs / 1000), gflops, fractionOfRoofline: onCpu(backend) ? fractionOfRoofline(gflops) : null };
}

export default {
  name: 'two-layer',
  async run(context) {
    const { mode, available, useBackend } = context;
    const tf = require('@tensorflow/tfjs');
    const settings = SETTINGS[mode];
    const rows = [];
    for (const backend of available) {
      await useBackend(backend);
      for (const [size, d] of [['quick', 502], ['full', 2002]]) rows.push(await genericRow(tf, backend, size, d, context, settings));
    }
    const experiments = require('../../../packages/experiments/dist/index.js');
    const lrlabRows = [];
    for (const backend of available) {
      await useBackend(backend);
      for (const [size, scale, d] of [['quick', 'quick', 502], ['full', 'full', 2002]]) lrlabRows.push(await lrlabRow(experiments, backend, size, scale, d, context, settings));
    }
    return {
      what: 'one training step, batch 50, width 200, 2 classes; FLOPs = 3 matmuls of 2·50·d·200',
      rows,
      lrlabWhat:
        "lrlab's own step of the `synthetic` preset's large-lr run (trainLoop: seeded batch, pre-activation noise, logistic loss, first-layer gradient, bound SGD update); " +
        'FLOPs counted as above (forward + backward = 3 products), although the input gradient of the first layer is never needed, so it does 2 of the 3',
      lrlabRows,
    };
  },
};
