#!/usr/bin/env node
// Long-run stability: trains one run of the synthetic study (default backend) and samples the tfjs
// tensor count, tfjs bytes and the process RSS every 100 steps. Prints a JSON summary.
// Usage: node tools/soak/long-run.mjs [--scale quick|full] [--run large-lr]   (after `npm run build`)
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const tf = require('@tensorflow/tfjs');
const { initBackend } = require(path.join(root, 'packages/backends/dist/index.js'));
const ex = require(path.join(root, 'packages/experiments/dist/index.js'));

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'quick' }, run: { type: 'string', default: 'large-lr' } } });
const study = ex.syntheticStudy(values.scale, [1]);
const config = study.runs.find((r) => r.name === values.run);
const selection = await initBackend();
const prepared = await ex.prepareRun(ex.checkRun({ ...config, seed: 1 }));
const run = ex.buildRun(prepared);
const samples = [];
const sample = (step) => samples.push({ step, tensors: tf.memory().numTensors, tfBytes: tf.memory().numBytes, rssMiB: process.memoryUsage().rss / 2 ** 20 });
sample(0);
await ex.trainLoop(
  ex.trainLoopInputs(run, { step: (p) => { if (p.step % 100 === 0) sample(p.step); }, note: () => {}, done: () => {} }),
  { startStep: 0, onEvaluation: () => {}, onCheckpoint: () => {} },
);
ex.disposeRun(run);
const after = samples.slice(1);
const rss = after.map((s) => s.rssMiB);
console.log(JSON.stringify({
  backend: selection.name,
  steps: run.plan.totalSteps,
  tensorsFlat: new Set(after.map((s) => s.tensors)).size === 1,
  tfBytesFlat: new Set(after.map((s) => s.tfBytes)).size === 1,
  rssMiB: { first: rss[0], last: rss.at(-1), min: Math.min(...rss), max: Math.max(...rss) },
  samples,
}));
