// Cell 8, lockstep: whole studies trained one by one (`--lockstep off`) and in lockstep (the default),
// each in a child process on the default backend with the same thread settings, the two modes
// alternated per study; checks that both wrote the same metrics.jsonl bytes, and reads from the
// manifests how much of the training time went to evaluation.
// Quick mode: the quick study. Full mode: the quick study, the 10-seed full study and the LR sweep,
// then two seeds of the full study in lockstep on 1 thread (the per-run-equivalent time).
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, log, timed } from '../measure.mjs';

const LRLAB = path.join(ROOT, 'packages/cli/bin/lrlab.js');
const TEN_SEEDS = '1,2,3,4,5,6,7,8,9,10';

const STUDIES = {
  quick: { what: 'quick study (`lrlab run synthetic`: 3 methods × 3 seeds + 2 baselines × 3 seeds)', args: ['synthetic'], capMs: 600_000 },
  full10: { what: '10-seed full study (`synthetic --scale full --seeds 1..10`: 3 methods + 2 baselines × 10 seeds)', args: ['synthetic', '--scale', 'full', '--seeds', TEN_SEEDS], capMs: 3_600_000 },
  full2: { what: 'full study, 2 seeds (10 runs)', args: ['synthetic', '--scale', 'full', '--seeds', '1,2'], capMs: 1_800_000 },
  sweepLr: { what: 'LR sweep (`synthetic-sweep-lr`: 35 runs)', args: ['synthetic-sweep-lr'], capMs: 1_800_000 },
};

/** Every run folder's metrics.jsonl under a study folder, hashed together in name order; and the manifests' durations. */
function readStudy(dir) {
  const hash = createHash('sha256');
  let runs = 0;
  let trainingS = 0;
  let evaluationS = 0;
  // Training seconds by method (the run name without its seed), a lockstep batch's time shared by its runs.
  const byMethodS = {};
  const study = fs.existsSync(dir) ? fs.readdirSync(dir).map((d) => path.join(dir, d)).find((d) => fs.statSync(d).isDirectory()) : undefined;
  if (study === undefined) return { runs, digest: null, trainingS: null, evaluationS: null, byMethodS };
  for (const name of fs.readdirSync(study).sort()) {
    const metrics = path.join(study, name, 'metrics.jsonl');
    if (!fs.existsSync(metrics)) continue;
    runs++;
    hash.update(name).update(fs.readFileSync(metrics));
    const manifest = JSON.parse(fs.readFileSync(path.join(study, name, 'manifest.json'), 'utf8'));
    // A lockstep batch's runs each record the batch's time: count it once per batch.
    const share = manifest.lockstep?.runs ?? 1;
    trainingS += (manifest.durationsSeconds?.training ?? 0) / share;
    evaluationS += (manifest.durationsSeconds?.evaluation ?? 0) / share;
    const method = name.replace(/-seed\d+$/, '');
    byMethodS[method] = (byMethodS[method] ?? 0) + (manifest.durationsSeconds?.training ?? 0) / share;
  }
  return { runs, digest: hash.digest('hex'), trainingS, evaluationS, byMethodS };
}

async function runStudy(key, mode, env = {}) {
  const { args, capMs } = STUDIES[key];
  const out = fs.mkdtempSync(path.join(tmpdir(), `lrlab-bench-lockstep-${key}-`));
  try {
    const child = await timed([LRLAB, 'run', ...args, '--lockstep', mode, '--out', out], capMs, { LRLAB_BACKEND: '', ...env });
    const read = readStudy(out);
    const status = child.capped ? `capped at ${capMs / 1000} s` : child.code === 0 ? 'finished' : `exit ${child.code}: ${child.stderr.trim().split('\n').at(-1) ?? ''}`;
    log(`lockstep cell: ${key} --lockstep ${mode}${env.LRLAB_THREADS ? ` (${env.LRLAB_THREADS} thread)` : ''}: ${(child.wallMs / 1000).toFixed(1)} s (${status}, ${read.runs} runs)`);
    return { wallMs: child.wallMs, status, ...read };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export default {
  name: 'lockstep',
  async run({ mode, defaultBackend, threadsOf }) {
    const keys = mode === 'quick' ? ['quick'] : ['quick', 'full10', 'sweepLr'];
    const rows = [];
    for (const key of keys) {
      const alone = await runStudy(key, 'off');
      const lockstep = await runStudy(key, 'auto');
      rows.push({
        study: key,
        what: STUDIES[key].what,
        runs: lockstep.runs,
        aloneMs: alone.wallMs,
        lockstepMs: lockstep.wallMs,
        speedup: alone.wallMs / lockstep.wallMs,
        sameMetrics: alone.digest !== null && alone.digest === lockstep.digest,
        status: alone.status === 'finished' && lockstep.status === 'finished' ? 'finished' : `${alone.status} / ${lockstep.status}`,
        evaluationShare: {
          alone: alone.trainingS ? alone.evaluationS / alone.trainingS : null,
          lockstep: lockstep.trainingS ? lockstep.evaluationS / lockstep.trainingS : null,
        },
        trainingSByMethod: { alone: alone.byMethodS, lockstep: lockstep.byMethodS },
      });
    }
    let oneThread = null;
    if (mode !== 'quick') {
      // The per-run-equivalent time on 1 thread, from two seeds of the full study (10 runs).
      const run = await runStudy('full2', 'auto', { LRLAB_THREADS: '1' });
      oneThread = { study: 'full2', wallMs: run.wallMs, runs: run.runs, perRunMs: run.runs > 0 ? run.wallMs / run.runs : null, status: run.status };
    }
    return { backend: defaultBackend, threads: threadsOf(defaultBackend), rows, oneThread };
  },
};
