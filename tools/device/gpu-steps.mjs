#!/usr/bin/env node
// One training step on the webgpu backend against the same step in PyTorch (tools/bench/pytorch/peer.py,
// on CUDA where it has a GPU), alternating one step each, as the bench's pytorch cell does on CPU.
// A step: train-mode forward, backward, Nesterov 0.9 with coupled weight decay 5e-4 (the bound
// optimizer on lrlab's side); it ends when its loss is read (lrlab) or at torch.cuda.synchronize().
// Built for the device machine (tools/device/run-gpu-steps.sh runs it from the bundle that
// tools/device/bundle.mjs makes); runs anywhere webgpu starts (llvmpipe here, forced).
// Usage: node tools/device/gpu-steps.mjs [--rows wrn16x10:128,two-layer:50] [--warmup 2] [--reps 10]
//        [--cap-s 300] [--python /usr/bin/python3] [--peer-device cuda|cpu|none] [--out FILE.json]
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, log, median, normal } from '../bench/measure.mjs';
import { peerSpec, startPeer } from '../bench/pytorch/peer-client.mjs';

const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: 'wrn16x10:128,two-layer:50' },
    warmup: { type: 'string', default: '2' },
    reps: { type: 'string', default: '10' },
    'cap-s': { type: 'string', default: '300' },
    python: { type: 'string', default: '/usr/bin/python3' },
    'peer-device': { type: 'string', default: 'cuda' },
    out: { type: 'string' },
  },
});

/** lrlab's side of a row: the model, the peer's description of it, and one async step. */
function lrlabRow(tf, lib, name, batch) {
  const optimizer = lib.bindOptimizer({ optimizer: { kind: 'nesterov', momentum: 0.9 }, learningRate: 0.01, weightDecay: { mode: 'coupled', value: 5e-4 } });
  if (name === 'two-layer') {
    // The bench's generic two-layer step at the full synthetic size: d = 2002, width 200, 2 classes.
    const [d, width, classes] = [2002, 200, 2];
    const x = tf.tensor2d(normal(batch * d, 3), [batch, d]);
    const labels = tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % classes), 'int32'), classes);
    const w1 = tf.variable(tf.tensor2d(normal(d * width, 4, 1 / Math.sqrt(d)), [d, width]));
    const w2 = tf.variable(tf.tensor2d(normal(width * classes, 5, 1 / Math.sqrt(width)), [width, classes]));
    let index = 0;
    return {
      parameters: d * width + width * classes,
      spec: { kind: 'two-layer', input: d, width, classes },
      async step() {
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, tf.matMul(tf.relu(tf.matMul(x, w1)), w2)), [w1, w2]);
        optimizer.applyGradients(grads, index++);
        await value.data();
        tf.dispose([value, grads]);
      },
      dispose: () => tf.dispose([x, labels, w1, w2]),
      optimizer,
    };
  }
  const { models } = lib;
  const config = models.resolveModelConfig(models.modelPreset(name, name === 'small-cnn' ? { dropout: 0 } : { inputShape: [32, 32, 3] }));
  const model = models.buildModel(config, 1);
  const [h, w, c] = config.inputShape;
  const x = tf.tensor(normal(batch * h * w * c, 7), [batch, h, w, c]);
  const labels = tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % config.numClasses), 'int32');
  const spec = peerSpec(config, models);
  let index = 0;
  return {
    parameters: model.parameterCount(),
    spec,
    async step() {
      const s = index++;
      const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step: s }), labels), [...model.trainableVariables]);
      optimizer.applyGradients(grads, s);
      await value.data();
      tf.dispose([value, grads]);
    },
    dispose: () => {
      tf.dispose([x, labels]);
      model.dispose();
    },
    optimizer,
  };
}

async function main() {
  const tf = require('@tensorflow/tfjs');
  const { initBackend } = require(path.join(ROOT, 'packages/backends/dist/index.js'));
  const lib = {
    models: require(path.join(ROOT, 'packages/models/dist/index.js')),
    bindOptimizer: require(path.join(ROOT, 'packages/schedules/dist/index.js')).bindOptimizer,
  };
  const selection = await initBackend({ prefer: 'webgpu' });
  log(`webgpu: ${selection.details.adapter}`);
  const [warmup, reps, capMs] = [Number(values.warmup), Number(values.reps), 1000 * Number(values['cap-s'])];
  const peerDevice = values['peer-device'];
  const peer = peerDevice === 'none' ? undefined : startPeer(values.python);
  const result = { date: new Date().toISOString(), node: process.version, tfjs: tf.version.tfjs, adapter: selection.details, runtime: selection.runtime, peerDevice, rows: [] };
  for (const spec of values.rows.split(',')) {
    const [name, batchText] = spec.split(':');
    const batch = Number(batchText);
    const row = lrlabRow(tf, lib, name, batch);
    const built = peer ? await peer.ask({ build: row.spec, batch, threads: 1, device: peerDevice }) : undefined;
    if (built?.error) throw new Error(built.error);
    if (built && built.parameters !== row.parameters) throw new Error(`${name}: PyTorch has ${built.parameters} parameters, lrlab ${row.parameters}`);
    const [lrlab, torch] = [[], []];
    const started = performance.now();
    for (let i = 0; i < warmup + reps && (i < warmup + 1 || performance.now() - started < capMs); i++) {
      const t = performance.now();
      await row.step();
      const ms = performance.now() - t;
      const peerMs = peer ? (await peer.ask({ step: true })).ms : undefined;
      if (i >= warmup) {
        lrlab.push(ms);
        if (peerMs !== undefined) torch.push(peerMs);
      }
      log(`${name} b${batch} step ${i}: webgpu ${ms.toFixed(1)} ms${peerMs === undefined ? '' : `, PyTorch ${peerMs.toFixed(1)} ms`}`);
    }
    const memory = tf.memory();
    const out = {
      model: name,
      batch,
      parameters: row.parameters,
      steps: lrlab.length,
      webgpuMs: median(lrlab),
      webgpuMinMs: Math.min(...lrlab),
      webgpuMaxMs: Math.max(...lrlab),
      ...(torch.length ? { pytorchMs: median(torch), pytorchMinMs: Math.min(...torch), pytorchMaxMs: Math.max(...torch), ratio: median(lrlab) / median(torch), pytorch: built } : {}),
      gpuBytes: memory.numBytesInGPUAllocated ?? memory.numBytesAllocatedInGPU ?? null,
    };
    result.rows.push(out);
    log(`${name} b${batch}: webgpu ${out.webgpuMs.toFixed(1)} ms${out.pytorchMs === undefined ? '' : `, PyTorch ${out.pytorchMs.toFixed(1)} ms, ratio ${out.ratio.toFixed(2)}`}`);
    row.optimizer.dispose();
    row.dispose();
  }
  peer?.close();
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (values.out) fs.writeFileSync(values.out, text);
  process.stdout.write(text);
}

await main();
