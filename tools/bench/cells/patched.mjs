// Cell 6, one patched-fashion-mnist run: the quick study's small-lr-noise run (seed 1) in a child process on
// the default image backend, wall time including process start and data loading.
// The child is this file: node tools/bench/cells/patched.mjs --child DIR
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childReport, childStatus, isMain, log, reportRun, timed } from '../measure.mjs';

const require = createRequire(import.meta.url);

const SETTINGS = {
  quick: { capMs: 20000 },
  full: { capMs: 600000 },
};
const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

export default {
  name: 'patched',
  async run({ mode }) {
    const { capMs } = SETTINGS[mode];
    const { FASHION_MNIST_DEFAULT_DIR } = require('../../../packages/datasets/dist/index.js');
    const present = FILES.every((f) => fs.existsSync(path.join(FASHION_MNIST_DEFAULT_DIR, f)) || fs.existsSync(path.join(FASHION_MNIST_DEFAULT_DIR, `${f}.gz`)));
    const what = '`patched-fashion-mnist` quick study, its small-lr-noise run, seed 1 (runExperiment in a child process), default image backend';
    if (!present) return { what, status: `not measured: the Fashion-MNIST files are not in ${FASHION_MNIST_DEFAULT_DIR} (apt-get install dataset-fashion-mnist)` };
    const tmp = fs.mkdtempSync(path.join(tmpdir(), 'lrlab-bench-'));
    try {
      const child = await timed([fileURLToPath(import.meta.url), '--child', tmp], capMs, { LRLAB_BACKEND: '' });
      const inner = childReport(child);
      const cell = {
        what,
        wallMs: child.wallMs,
        status: childStatus(child, inner, capMs),
        steps: inner?.steps ?? null,
        backend: inner?.backend ?? null,
        capped: child.capped,
      };
      log(`patched-fashion-mnist run: ${(child.wallMs / 1000).toFixed(1)} s (${cell.status})`);
      return cell;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};

// The child: the noisy run, the most work of the three (a noise draw at every BN layer), under DIR, reported as one JSON line.
if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { child: { type: 'string' } } });
  if (!values.child) throw new Error('usage: node tools/bench/cells/patched.mjs --child DIR (the suite starts it: node tools/bench/suite.mjs --only patched)');
  const { PRESETS, expandStudy } = require('../../../packages/experiments/dist/index.js');
  await reportRun(expandStudy(PRESETS['patched-fashion-mnist'].study('quick'), values.child).find((r) => r.run === 'small-lr-noise' && r.seed === 1));
}
