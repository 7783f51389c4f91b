#!/usr/bin/env node
// Where a lockstep step's time goes (not a test): K two-layer runs of the synthetic regime (batch 50,
// width 200, i.i.d. pre-activation noise, plain SGD), one training step each alone against one
// lockstep step of all K, after a warm-up; and the lockstep step's phases: the noise draws alone
// (JavaScript, the same for a run alone or in lockstep), forward + backward, the update.
// Uses the built packages. Usage: node tools/bench/lockstep-step.mjs [--d 2002] [--runs 9] [--steps 100] [--backend blas]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { d: { type: 'string', default: '2002' }, runs: { type: 'string', default: '9' }, steps: { type: 'string', default: '100' }, backend: { type: 'string', default: 'blas' } } });
const tf = require('@tensorflow/tfjs');
const { initBackend } = require('../../packages/backends/dist/index.js');
const { buildModel, MODELS, stackModels } = require('../../packages/models/dist/index.js');
const { bindOptimizer, lockstepSgd, preactivationNoise } = require('../../packages/schedules/dist/index.js');
const { fillNormal, Prng } = require('../../packages/core/dist/index.js');

const selection = await initBackend({ prefer: values.backend });
const K = Number(values.runs);
const d = Number(values.d);
const steps = Number(values.steps);
const B = 50;
const WARMUP = 20;
const models = Array.from({ length: K }, (_, k) => buildModel({ kind: 'two-layer', inputSize: d, width: 200 }, k + 1));
const noise = models.map((_, k) => preactivationNoise({ sigma: 1.2, mode: 'iid', seed: k }));
const x = fillNormal(Prng.fromSeed(1), new Float32Array(K * B * d));
const labels = Int32Array.from({ length: K * B }, (_, i) => i % 2);
const bound = models.map(() => bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: 0.3 }));

const aloneStep = (s) =>
  models.forEach((m, k) => {
    const { value, grads } = tf.tidy(() => {
      const xk = tf.tensor(x.subarray(k * B * d, (k + 1) * B * d), [B, d]);
      const yk = tf.tensor1d(labels.subarray(k * B, (k + 1) * B), 'int32');
      return tf.variableGrads(() => m.loss(m.apply(xk, { training: true, step: s, noise: noise[k] }), yk), [...m.trainableVariables]);
    });
    value.dataSync();
    value.dispose();
    bound[k].applyGradients(grads, s);
    tf.dispose(Object.values(grads));
  });
for (let s = 0; s < WARMUP; s++) aloneStep(s);
let started = performance.now();
for (let s = WARMUP; s < WARMUP + steps; s++) aloneStep(s);
const aloneMs = (performance.now() - started) / steps;

const stack = stackModels(models, MODELS['two-layer']);
const optimizer = lockstepSgd({ bound, names: models.map((m) => m.trainableVariables.map((v) => v.name)), states: await Promise.all(bound.map((b) => b.saveState())), shapes: stack.trainableShapes });
const phases = { forwardBackward: 0, update: 0 };
for (let s = 0; s < WARMUP + steps; s++) {
  if (s === WARMUP) {
    started = performance.now();
    phases.forwardBackward = phases.update = 0;
  }
  let t = performance.now();
  let losses;
  const { value, grads } = tf.tidy(() => {
    const xs = tf.tensor(x, [K, B, d]);
    const ys = tf.tensor2d(labels, [K, B], 'int32');
    return tf.variableGrads(() => {
      const perRun = stack.losses(stack.apply(xs, { training: true, step: s, noise }), ys);
      losses = tf.keep(perRun);
      return tf.sum(perRun);
    }, [...stack.trainableVariables]);
  });
  losses.dataSync();
  tf.dispose([losses, value]);
  phases.forwardBackward += performance.now() - t;
  t = performance.now();
  optimizer.applyGradients(stack.trainableVariables, stack.trainableVariables.map((v) => grads[v.name]), s);
  tf.dispose(Object.values(grads));
  phases.update += performance.now() - t;
}
const lockstepMs = (performance.now() - started) / steps;
let t = performance.now();
for (let s = 0; s < steps; s++) noise.forEach((n) => n.draw([B, 200], { index: 0, name: 'hidden' }, { step: s, training: true }));
const noiseMs = (performance.now() - t) / steps;
const f = (ms) => Number(ms.toFixed(2));
console.log(
  JSON.stringify({
    backend: selection.name,
    threads: selection.runtime.threads,
    runs: K,
    d,
    steps,
    aloneMsPerStepOfAllRuns: f(aloneMs),
    lockstepMsPerStep: f(lockstepMs),
    speedup: f(aloneMs / lockstepMs),
    lockstepPhasesMs: { noiseDraws: f(noiseMs), forwardBackwardWithNoise: f(phases.forwardBackward / steps), update: f(phases.update / steps) },
  }),
);
