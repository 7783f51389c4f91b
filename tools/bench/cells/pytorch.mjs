// Cell 7, PyTorch as a peer (optional: runs when /usr/bin/python3 imports torch, i.e. Debian's
// python3-torch is installed; the tests never need it). For each conv net and batch, lrlab's
// training step on blas and PyTorch's step on the same architecture (built from lrlab's layout by
// tools/bench/pytorch/peer.py; equal parameter counts are checked) alternate, one step each, with
// the same thread count: train-mode forward, backward, SGD with Nesterov 0.9 and weight decay 5e-4.
// Twice: with glibc's default malloc, and with malloc tuned on both sides (GLIBC_TUNABLES below),
// in a child process since glibc reads its tunables at start.
// The child: node tools/bench/cells/pytorch.mjs --child JSON (the rows to measure), one JSON line out.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pairedConvNet, startPeer } from '../pytorch/peer-client.mjs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childReport, childStatus, isMain, log, median, timed } from '../measure.mjs';

const require = createRequire(import.meta.url);
const PYTHON = '/usr/bin/python3';
/** Large blocks stay in the heap and are never handed back to the OS after every step. */
const TUNED_MALLOC = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296';

// PyTorch's first steps create its oneDNN primitives, so both sides warm up for a few steps.
const SETTINGS = {
  quick: { rows: [['wrn16x1', 32], ['small-cnn', 32]], warmup: 3, reps: 3, capMs: 60_000 },
  full: { rows: [['wrn16x1', 32], ['wrn16x1', 128], ['wrn10x1', 128], ['small-cnn', 128]], warmup: 4, reps: 10, capMs: 600_000 },
};

/** Whether the peer can run here, and if not why. */
function torchVersion() {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** Measures the rows in this process: lrlab and PyTorch steps alternating. */
async function compare(rows, { warmup, reps, capMs }) {
  const tf = require('@tensorflow/tfjs');
  const { initBackend } = require('../../../packages/backends/dist/index.js');
  const models = require('../../../packages/models/dist/index.js');
  const { bindOptimizer } = require('../../../packages/schedules/dist/index.js');
  const selection = await initBackend({ prefer: 'blas' });
  const threads = selection.details.threads ?? 1;
  const peer = startPeer(PYTHON);
  const out = [];
  const started = performance.now();
  try {
    for (const [name, batch] of rows) {
      const net = await pairedConvNet({ tf, models, bindOptimizer }, peer, name, batch, threads);
      const lrlabStep = () => {
        const t = performance.now();
        net.step();
        return performance.now() - t;
      };
      const lrlab = [];
      const torch = [];
      for (let i = 0; i < warmup + reps && performance.now() - started < capMs; i++) {
        const a = lrlabStep();
        const b = (await peer.ask({ step: true })).ms;
        if (i >= warmup) {
          lrlab.push(a);
          torch.push(b);
        }
      }
      const row = { model: name, batch, threads, parameters: net.parameters, steps: lrlab.length, lrlabMs: median(lrlab), pytorchMs: median(torch) };
      row.ratio = row.lrlabMs / row.pytorchMs;
      log(`pytorch: ${name} batch ${batch}: lrlab ${row.lrlabMs.toFixed(0)} ms, PyTorch ${row.pytorchMs.toFixed(0)} ms (${row.ratio.toFixed(2)}×)`);
      out.push(row);
      net.dispose();
    }
  } finally {
    peer.close();
  }
  return out;
}

export default {
  name: 'pytorch',
  async run({ mode, blas, note }) {
    const version = torchVersion();
    if (!version) {
      note('No PyTorch peer: /usr/bin/python3 cannot import torch (sudo apt-get install -y python3-torch).');
      return undefined;
    }
    if (!blas) {
      note('No PyTorch peer: it compares against the blas backend, which is not available.');
      return undefined;
    }
    const settings = SETTINGS[mode];
    const defaultMalloc = await compare(settings.rows, settings);
    const child = await timed([fileURLToPath(import.meta.url), '--child', JSON.stringify({ mode })], settings.capMs, { GLIBC_TUNABLES: TUNED_MALLOC });
    const tuned = childReport(child);
    if (!Array.isArray(tuned)) note(`PyTorch peer with tuned malloc: ${childStatus(child, tuned, settings.capMs)}`);
    return {
      what: 'one training step (forward, backward, Nesterov 0.9 + weight decay 5e-4), lrlab on blas and PyTorch on the same architecture, alternating',
      torch: version,
      tunedMalloc: TUNED_MALLOC,
      defaultMalloc,
      tuned: Array.isArray(tuned) ? tuned : null,
    };
  },
};

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { child: { type: 'string' } } });
  if (!values.child) throw new Error('usage: node tools/bench/cells/pytorch.mjs --child {"mode":"quick"} (the suite starts it: node tools/bench/suite.mjs --only pytorch)');
  const settings = SETTINGS[JSON.parse(values.child).mode];
  process.stdout.write(`${JSON.stringify(await compare(settings.rows, settings))}\n`);
  process.exit(0);
}
