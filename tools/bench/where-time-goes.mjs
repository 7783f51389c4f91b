#!/usr/bin/env node
/**
 * Where a conv net's training step spends its time, lrlab on blas against PyTorch on CPU, by the
 * same categories: convolutions forward, convolutions backward (input and filter gradients), batch
 * norm (forward and backward), the optimizer step, other kernels (ReLU, adds, pooling, loss), and
 * what lies outside any kernel (tfjs's engine and JavaScript; PyTorch's dispatcher and Python).
 * lrlab's side is `tf.profile` (each kernel's time); PyTorch's is its profiler (each operator's own
 * CPU time, attributed to forward, backward or optimizer by where it ran). The step is the bench's
 * pytorch cell's: train-mode forward, backward, Nesterov 0.9 with coupled weight decay 5e-4, the
 * same thread count on both sides (blas's, `torch.set_num_threads`). Prints a markdown table.
 *
 *   node tools/bench/where-time-goes.mjs [--rows wrn16x1:128,wrn10x1:128,small-cnn:128] [--steps 8]
 *
 * Needs the built packages and /usr/bin/python3 with torch (Debian's python3-torch). Not a test;
 * run it on an idle machine. Profiling adds overhead on both sides: read the shares, and take the
 * step times from the bench suite's pytorch cell.
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { log, median } from './measure.mjs';
import { pairedConvNet, startPeer } from './pytorch/peer-client.mjs';

const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { rows: { type: 'string', default: 'wrn16x1:128,wrn10x1:128,small-cnn:128' }, steps: { type: 'string', default: '8' } } });
const STEPS = Number(values.steps);
const CATEGORIES = ['conv forward', 'conv backward', 'batch norm', 'optimizer', 'other kernels', 'outside kernels'];

/** lrlab's category of a tfjs kernel. */
function lrlabCategory(name) {
  if (/^(Conv2D|FusedConv2D)$/.test(name)) return 'conv forward';
  if (/^Conv2DBackprop/.test(name)) return 'conv backward';
  if (/BatchNorm/i.test(name)) return 'batch norm';
  if (name === 'LrlabSgdStep') return 'optimizer';
  return 'other kernels';
}

/** PyTorch's category of an operator, given the phase it ran in. */
function torchCategory(name, phase) {
  if (phase === 'optimizer') return 'optimizer';
  if (/batch_norm/.test(name)) return 'batch norm';
  if (/conv/.test(name)) return phase === 'backward' || /backward/.test(name) ? 'conv backward' : 'conv forward';
  // Autograd's per-node wrappers (e.g. `ConvolutionBackward0`) own only their dispatch time.
  return 'other kernels';
}

const tf = require('@tensorflow/tfjs');
const { initBackend } = require('../../packages/backends/dist/index.js');
const models = require('../../packages/models/dist/index.js');
const { bindOptimizer } = require('../../packages/schedules/dist/index.js');
const selection = await initBackend({ prefer: 'blas' });
if (selection.name !== 'blas') throw new Error(`needs the blas backend; got ${selection.name}`);
const threads = selection.details.threads ?? 1;
const peer = startPeer('/usr/bin/python3');
const lines = [];
try {
  for (const row of values.rows.split(',')) {
    const [name, batchText] = row.split(':');
    const batch = Number(batchText);
    const net = await pairedConvNet({ tf, models, bindOptimizer }, peer, name, batch, threads);
    const step = () => net.step();
    // Warm-ups on both sides (PyTorch creates its oneDNN primitives in its first steps), then the
    // unprofiled medians, alternating, then the profiles.
    const lrlabMs = [];
    const torchMs = [];
    for (let i = 0; i < 3 + STEPS; i++) {
      const start = performance.now();
      step();
      const ms = performance.now() - start;
      const t = (await peer.ask({ step: true })).ms;
      if (i >= 3) {
        lrlabMs.push(ms);
        torchMs.push(t);
      }
    }
    const lrlab = Object.fromEntries(CATEGORIES.map((k) => [k, 0]));
    const start = performance.now();
    const info = await tf.profile(() => {
      for (let i = 0; i < STEPS; i++) step();
    });
    const profiledMs = (performance.now() - start) / STEPS;
    let kernelMs = 0;
    for (const k of info.kernels) {
      if (k.name.endsWith('__op') || k.name === 'unnamed scope') continue;
      const ms = (await k.kernelTimeMs) / STEPS;
      lrlab[lrlabCategory(k.name)] += ms;
      kernelMs += ms;
    }
    lrlab['outside kernels'] = Math.max(0, profiledMs - kernelMs);
    const profile = await peer.ask({ profile: STEPS });
    const torch = Object.fromEntries(CATEGORIES.map((k) => [k, 0]));
    let opMs = 0;
    for (const op of profile.ops) {
      torch[torchCategory(op.name, op.phase)] += op.selfMs;
      opMs += op.selfMs;
    }
    torch['outside kernels'] = Math.max(0, profile.ms - opMs);
    const title = `${name}, batch ${batch}`;
    log(`${title}: lrlab ${median(lrlabMs).toFixed(0)} ms, PyTorch ${median(torchMs).toFixed(0)} ms`);
    lines.push(
      `### ${title}: lrlab ${median(lrlabMs).toFixed(0)} ms, PyTorch ${median(torchMs).toFixed(0)} ms a step (${(median(lrlabMs) / median(torchMs)).toFixed(2)}×, medians of ${STEPS} alternating unprofiled steps)`,
      '',
      `Profiled: lrlab ${profiledMs.toFixed(0)} ms a step, PyTorch ${profile.ms.toFixed(0)} ms.`,
      '',
      '| where | lrlab (ms) | PyTorch (ms) | lrlab − PyTorch (ms) | lrlab / PyTorch |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...CATEGORIES.map((k) => `| ${k} | ${lrlab[k].toFixed(1)} | ${torch[k].toFixed(1)} | ${(lrlab[k] - torch[k]).toFixed(1)} | ${torch[k] > 0.05 ? `${(lrlab[k] / torch[k]).toFixed(2)}×` : '–'} |`),
      `| **step (profiled)** | **${profiledMs.toFixed(1)}** | **${profile.ms.toFixed(1)}** | **${(profiledMs - profile.ms).toFixed(1)}** | **${(profiledMs / profile.ms).toFixed(2)}×** |`,
      '',
      `PyTorch's five largest operators: ${profile.ops
        .slice(0, 5)
        .map((o) => `\`${o.name}\` (${o.phase}) ${o.selfMs.toFixed(1)} ms`)
        .join(', ')}.`,
      '',
    );
    net.dispose();
  }
} finally {
  peer.close();
}
console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${threads} threads on each side, Node ${process.version}, tfjs ${tf.version.tfjs}, PyTorch ${(await import('node:child_process')).execFileSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim()}.\n`);
console.log(lines.join('\n'));
process.exit(0);
