#!/usr/bin/env node
// Micro-benchmark (not a test): one training step of a small conv net on each usable backend.
// Uses the built packages, so run `npm run build` first. Prints a markdown table for
// docs/results/backends.md. Usage: node tools/bench/backends.mjs [--steps N] [--batch N] [--size N]
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { initBackend } = require('../../packages/backends/dist/index.js');
const { trainConvSmoke } = require('../../packages/cli/dist/index.js');

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '12' },
    batch: { type: 'string', default: '32' },
    size: { type: 'string', default: '32' },
    backends: { type: 'string', default: 'cpu,wasm' },
  },
});
const steps = Number(values.steps);
const batchSize = Number(values.batch);
const imageSize = Number(values.size);

// Forward FLOPs per example: conv1 3→8 at size², conv2 8→16 at (size/2)², 2 per multiply-add.
const forwardFlops = 2 * (imageSize ** 2 * 9 * 3 * 8 + (imageSize / 2) ** 2 * 9 * 8 * 16);
const stepFlops = 3 * forwardFlops * batchSize; // backward ≈ 2× forward

console.log(`# conv-net training step: batch ${batchSize}, ${imageSize}×${imageSize}×3, ${steps} steps (median)`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`);
console.log('');
console.log('| backend | median step (ms) | images/s | GFLOP/s | final loss |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const name of values.backends.split(',')) {
  const selection = await initBackend({ prefer: name });
  await trainConvSmoke({ steps: 2, batchSize, imageSize }); // warm-up: kernel setup, wasm compilation, shader compilation
  const result = await trainConvSmoke({ steps, batchSize, imageSize });
  const seconds = result.medianStepMs / 1000;
  console.log(
    `| ${selection.name}${selection.details.threads ? ` (${selection.details.threads} thread)` : ''} | ${result.medianStepMs.toFixed(1)} | ${(batchSize / seconds).toFixed(0)} | ${(stepFlops / seconds / 1e9).toFixed(2)} | ${result.finalLoss.toFixed(3)} |`,
  );
}
