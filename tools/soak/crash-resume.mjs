#!/usr/bin/env node
// Crash-resume soak: starts a run with the built `lrlab` CLI, SIGKILLs it at seeded random moments,
// checks after every kill that the run folder is readable, restarts it (which resumes), and at the
// end compares metrics.jsonl with an uninterrupted run's, byte for byte. Prints one JSON summary.
// Usage: node tools/soak/crash-resume.mjs [--kills 10] [--seed 1] [--epochs 2000] [--out DIR] [--keep]
// Needs the packages built (`npm run build`).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const { Prng } = require(path.join(root, 'packages/core/dist/index.js'));
const { loadLatestCheckpoint, readMetricsFile, readManifest } = require(path.join(root, 'packages/experiments/dist/index.js'));
const BIN = path.join(root, 'packages/cli/bin/lrlab.js');

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    epochs: { type: 'string', default: '2000' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const kills = Number(values.kills);
const rng = Prng.fromSeed(Number(values.seed));
const out = values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lrlab-soak-'));
const env = { ...process.env, LRLAB_BACKEND: 'cpu' };

const config = {
  name: 'soak',
  seed: 1,
  data: { kind: 'synthetic', variant: 'tiny', testPerGroup: 40 },
  model: { kind: 'two-layer', width: 20 },
  training: { epochs: Number(values.epochs), batchSize: 10 },
  learningRate: { unit: 'epoch', schedule: { kind: 'multi-step', initialValue: 1, milestones: [Math.floor(Number(values.epochs) * 0.75)], gamma: 0.1 } },
  noise: [{ kind: 'preactivation', sigma: { fromLearningRate: { coefficient: 0.5, power: 2 } } }],
  evaluation: { everyEpochs: 20 },
  checkpoint: { everyEpochs: 5 },
};
const file = path.join(out, 'config.json');
fs.writeFileSync(file, JSON.stringify(config));
const runDir = (name) => path.join(out, name, 'soak', 'soak-seed1');

/** Every file of the run folder a user needs must parse after any kill. */
function checkReadable(dir) {
  if (!fs.existsSync(dir)) return 'not started';
  JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
  readManifest(dir);
  readMetricsFile(path.join(dir, 'metrics.jsonl'));
  const checkpoint = loadLatestCheckpoint(dir);
  return checkpoint ? `checkpoint at step ${checkpoint.meta.step}` : 'no checkpoint yet';
}

const whole = spawnSync(process.execPath, [BIN, 'run', file, '--out', path.join(out, 'whole')], { env, encoding: 'utf8' });
if (whole.status !== 0) throw new Error(`the uninterrupted run failed: ${whole.stderr}`);

const events = [];
let killed = 0;
let finished = false;
while (!finished) {
  const child = spawn(process.execPath, [BIN, 'run', file, '--out', path.join(out, 'killed')], { env, stdio: 'ignore' });
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  if (killed < kills) {
    const delayMs = 200 + Math.floor(rng.nextFloat() * 1000);
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    const { code, signal } = await exit;
    clearTimeout(timer);
    if (signal === 'SIGKILL') {
      killed++;
      events.push({ kill: killed, afterMs: delayMs, state: checkReadable(runDir('killed')) });
      continue;
    }
    if (code !== 0) throw new Error(`the run exited with ${code}`);
    finished = true;
  } else {
    const { code } = await exit;
    if (code !== 0) throw new Error(`the final resume exited with ${code}`);
    finished = true;
  }
}

const metrics = (name) => fs.readFileSync(path.join(runDir(name), 'metrics.jsonl'), 'utf8');
const identical = metrics('killed') === metrics('whole');
const summary = { kills: killed, identical, lines: metrics('whole').trim().split('\n').length, events, out };
console.log(JSON.stringify(summary));
if (!values.keep && values.out === undefined) fs.rmSync(out, { recursive: true, force: true });
process.exitCode = identical ? 0 : 1;
