// Cell 5, synthetic study wall times: one `synthetic --scale full` run and the quick `lrlab run synthetic`
// study, each in a child process on the default backend, wall time including process start.
// The full run's child is this file: node tools/bench/cells/synthetic.mjs --child DIR
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, childReport, childStatus, isMain, log, reportRun, timed } from '../measure.mjs';

const require = createRequire(import.meta.url);

const SETTINGS = {
  quick: { capMs: 20000 },
  full: { capMs: 240000 },
};

/** Calls `visit(file)` on every file named `name` under `dir`. */
function walkFiles(dir, name, visit) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, name, visit);
    else if (e.name === name) visit(p);
  }
}

/** Run folders under `dir` whose manifest says finished. */
function finishedRuns(dir) {
  let n = 0;
  walkFiles(dir, 'manifest.json', (p) => {
    try {
      if (JSON.parse(fs.readFileSync(p, 'utf8')).status === 'finished') n++;
    } catch {
      // a run being written
    }
  });
  return n;
}

/** The step of the last evaluation logged under `dir` (metrics.jsonl), for a capped run. */
function lastLoggedStep(dir) {
  let step = null;
  walkFiles(dir, 'metrics.jsonl', (p) => {
    const lines = fs.readFileSync(p, 'utf8').trim().split('\n').filter(Boolean);
    try {
      const s = JSON.parse(lines.at(-1) ?? 'null')?.step;
      if (typeof s === 'number') step = Math.max(step ?? 0, s);
    } catch {
      // a line being written
    }
  });
  return step;
}

export default {
  name: 'synthetic',
  async run({ mode, defaultBackend }) {
    const { capMs } = SETTINGS[mode];
    const tmp = fs.mkdtempSync(path.join(tmpdir(), 'lrlab-bench-'));
    const env = { LRLAB_BACKEND: '' };
    try {
      const full = await timed([fileURLToPath(import.meta.url), '--child', path.join(tmp, 'full')], capMs, env);
      const inner = childReport(full);
      const fullRow = {
        what: '`synthetic --scale full`, large-lr, seed 1 (runExperiment in a child process), default backend',
        wallMs: full.wallMs,
        runMs: inner?.wallMs ?? null,
        status: childStatus(full, inner, capMs),
        steps: inner?.steps ?? null,
        stepsLoggedWhenCapped: full.capped ? lastLoggedStep(path.join(tmp, 'full')) : null,
        backend: inner?.backend ?? null,
        capped: full.capped,
      };
      log(`synthetic full run: ${(full.wallMs / 1000).toFixed(1)} s (${fullRow.status})`);
      const studyDir = path.join(tmp, 'quick');
      const study = await timed([path.join(ROOT, 'packages/cli/bin/lrlab.js'), 'run', 'synthetic', '--out', studyDir], capMs, env);
      const studyRow = {
        what: '`lrlab run synthetic` (quick study: 3 methods × 3 seeds + 2 baselines × 3 seeds), default backend',
        wallMs: study.wallMs,
        runsFinished: finishedRuns(studyDir),
        status: study.capped ? `capped at ${capMs / 1000} s` : study.code === 0 ? 'finished' : `exit ${study.code}: ${study.stderr.trim().split('\n').at(-1) ?? ''}`,
        capped: study.capped,
      };
      log(`synthetic quick study: ${(study.wallMs / 1000).toFixed(1)} s (${studyRow.status}, ${studyRow.runsFinished} runs)`);
      return { backend: defaultBackend, fullRun: fullRow, quickStudy: studyRow };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};

// The child: one `synthetic --scale full` large-lr run (seed 1) under DIR, reported as one JSON line.
if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { child: { type: 'string' } } });
  if (!values.child) throw new Error('usage: node tools/bench/cells/synthetic.mjs --child DIR (the suite starts it: node tools/bench/suite.mjs --only synthetic)');
  const { syntheticStudy, expandStudy } = require('../../../packages/experiments/dist/index.js');
  await reportRun(expandStudy(syntheticStudy('full', [1]), values.child).find((r) => r.run === 'large-lr'));
}
