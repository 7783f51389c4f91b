// Shared helpers of the benchmark suite (tools/bench/suite.mjs and its cells): seeded inputs, the
// timed loop with warm-up, repetitions and a time cap, medians, and child processes with a wall-clock cap.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const require = createRequire(import.meta.url);

/** The repository root (child processes run there; default output under it). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Progress on stderr (stdout stays free for a child's report). */
export const log = (msg) => process.stderr.write(`${msg}\n`);

/** `n` seeded standard normal values, times `scale`. */
export function normal(n, seed, scale = 1) {
  const { fillNormal, Prng } = require('../../packages/core/dist/index.js');
  const a = fillNormal(Prng.fromSeed(seed), new Float32Array(n));
  if (scale !== 1) for (let i = 0; i < n; i++) a[i] *= scale;
  return a;
}

export function median(xs) {
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
 * `firstWarmup` may wrap the first warm-up step (e.g. to profile memory).
 */
export async function measure(step, { warmup, reps, capMs, firstWarmup }) {
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

/** Runs `node ...args` in the repository root with a wall-clock cap; resolves with its wall time, exit code and output. */
export function timed(args, capMs, env = {}) {
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

/** The report a child printed as its last stdout line (see `reportRun`), or null. */
export function childReport(child) {
  try {
    return JSON.parse(child.stdout.trim().split('\n').at(-1));
  } catch {
    return null;
  }
}

/** A child's status: capped, its report's status, or its exit code and last stderr line. */
export function childStatus(child, report, capMs) {
  return child.capped ? `capped at ${capMs / 1000} s` : report?.status ?? `exit ${child.code}: ${child.stderr.trim().split('\n').at(-1) ?? ''}`;
}

/** Whether the module at `moduleUrl` (its import.meta.url) is the script node was started with. */
export const isMain = (moduleUrl) => process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl);

/**
 * The child side of a cell that measures a whole run in its own process: runs one expanded study run
 * with runExperiment, prints its wall time and outcome as one JSON line, and exits.
 */
export async function reportRun(run) {
  const { runExperiment } = require('../../packages/experiments/dist/index.js');
  const t = performance.now();
  const outcome = await runExperiment(run.config, { dir: run.dir, source: 'bench' });
  process.stdout.write(`${JSON.stringify({ wallMs: performance.now() - t, status: outcome.status, steps: outcome.stepsTrained, backend: outcome.backend })}\n`);
  process.exit(0);
}
