#!/usr/bin/env node
// The benchmark suite of the performance issue (not a test): `npm run bench`.
// Uses the built packages (packages/*/dist), so build first. Every cell has a warm-up, repetitions
// and a time cap (a capped cell reports the steps it finished), and reports median and min–max.
// Cells (tools/bench/cells/, run in this order): roofline, two-layer, wrn, pipeline, synthetic, patched,
// pytorch (PyTorch as a peer; only where python3-torch is installed), lockstep (whole studies in lockstep
// against one by one).
// Writes <out>/bench.md (tools/bench/render.mjs) and <out>/bench.json (default out: docs/results), atomically.
// Usage: node tools/bench/suite.mjs [--quick] [--only roofline,two-layer,...] [--out DIR]
//        [--backends blas,wasm,cpu,webgpu] [--threads N] [--render FILE.json]
// Default backends: blas, wasm, cpu, and webgpu when its adapter is a GPU; --backends ...,webgpu forces
// webgpu cells on a software adapter (llvmpipe) too.
// --render re-renders bench.md (targets and tables) and bench.json's targets from a bench.json without measuring anything.
import { parseArgs } from 'node:util';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, log } from './measure.mjs';
import { markdown, reread, targets } from './render.mjs';

const require = createRequire(import.meta.url);
const CELLS = ['roofline', 'two-layer', 'wrn', 'pipeline', 'synthetic', 'patched', 'pytorch', 'lockstep'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    // Default: blas, wasm, cpu, and webgpu when its adapter is a GPU; naming webgpu forces it (llvmpipe too).
    backends: { type: 'string' },
    // The thread count of blas and wasm (LRLAB_THREADS), here and in the cells' child processes; default the cores.
    threads: { type: 'string' },
    render: { type: 'string' },
  },
});
const outDir = path.resolve(values.out ?? path.join(ROOT, 'docs/results'));

/** blas, wasm, cpu, and webgpu first when @lrlab/webgpu finds a GPU adapter (a software one only when named). */
function defaultBenchBackends() {
  try {
    const { webgpuAvailability } = require('../../packages/webgpu/dist/index.js');
    if (webgpuAvailability().gpu) return 'webgpu,blas,wasm,cpu';
  } catch {
    // @lrlab/webgpu not built: no webgpu cells.
  }
  return 'blas,wasm,cpu';
}

/** Measures the chosen cells on this machine; the bench.json object, targets included. */
async function measureAll() {
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : CELLS;
  for (const c of only) if (!CELLS.includes(c)) throw new Error(`--only: unknown cell ${c} (one of ${CELLS.join(', ')})`);
  const tf = require('@tensorflow/tfjs');
  const { initBackend } = require('../../packages/backends/dist/index.js');
  if (values.threads !== undefined) process.env.LRLAB_THREADS = values.threads;
  /** The environment backends are selected with: only the thread count, when --threads gives one. */
  const backendEnv = values.threads === undefined ? {} : { LRLAB_THREADS: values.threads };
  const mode = values.quick ? 'quick' : 'full';
  const result = { date: new Date().toISOString(), mode, machine: {}, versions: {}, backends: {}, cells: {}, targets: [], notes: [] };

  // Machine and versions.
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
  let blas;
  try {
    blas = require('../../packages/blas/dist/index.js');
    if (!blas.isBlasAvailable().available) blas = undefined;
  } catch {
    blas = undefined;
  }
  // What blas results depend on (SIMD path, OpenBLAS version and core type); absent in older bench.json files.
  result.machine.blasKernelPath = blas?.blasKernelPath ? blas.blasKernelPath() : null;

  // Which backends start; the default one (core's order, no preference).
  result.defaultBackend = (await initBackend({ env: backendEnv })).name;
  const available = [];
  for (const name of (values.backends ?? defaultBenchBackends()).split(',').map((s) => s.trim())) {
    try {
      const sel = await initBackend({ prefer: name, env: backendEnv });
      available.push(name);
      result.backends[name] = { available: true, details: sel.details };
    } catch (e) {
      result.backends[name] = { available: false, error: String(e.message ?? e).split('\n')[0] };
    }
  }
  // Image models take the same automatic order as every model.
  result.imageDefaultBackend = result.defaultBackend;
  log(`backends: ${available.join(', ')} (default ${result.defaultBackend})`);
  // The blas thread count, once the backend is registered (the raw addon starts at 1).
  result.machine.openblasThreads = blas ? blas.blasAddon().getThreads() : null;

  /** What a cell's run gets; `cells` holds the parts of the cells run before it. */
  const context = {
    mode,
    blas,
    available,
    machine: result.machine,
    defaultBackend: result.defaultBackend,
    cells: result.cells,
    useBackend: (name) => initBackend({ prefer: name, env: backendEnv }),
    threadsOf: (name) => result.backends[name]?.details?.threads ?? (name === 'blas' ? result.machine.openblasThreads : name === 'cpu' ? 1 : null),
    fractionOfRoofline: (gflops) => (result.cells.roofline?.gflops ? gflops / result.cells.roofline.gflops : null),
    note: (text) => result.notes.push(text),
  };
  // The roofline runs whenever blas is there, asked for or not: the other cells' fractions need it.
  for (const name of CELLS.filter((c) => only.includes(c) || (c === 'roofline' && blas))) {
    const { default: cell } = await import(`./cells/${name}.mjs`);
    const part = await cell.run(context);
    if (part !== undefined) result.cells[cell.name] = part;
  }
  result.targets = targets(result);
  return result;
}

/** Writes a file atomically (temp file in the same folder, then rename). */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

const result = values.render ? reread(JSON.parse(fs.readFileSync(values.render, 'utf8'))) : await measureAll();
fs.mkdirSync(outDir, { recursive: true });
writeAtomic(path.join(outDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
writeAtomic(path.join(outDir, 'bench.md'), `${markdown(result)}\n`);
log(`wrote ${path.join(outDir, 'bench.md')} and bench.json`);
