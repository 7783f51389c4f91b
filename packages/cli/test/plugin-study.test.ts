/**
 * A study with its own schedule kind and noise-injector kind, from a plugin next to the study file
 * (docs/guides/examples: my-kinds.mjs and plugin-study.json, the guide's files): through runStudy,
 * through `lrlab run study.json`, killed and resumed to the bytes of an uninterrupted run, refused
 * when the plugin changed, and reported by `lrlab report`.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifest, runStudy, type StudyConfig } from '@lrlab/experiments';
import { tempDir, waitFor } from '../../../tools/testing/fixtures';

const BIN = path.resolve(__dirname, '..', 'bin', 'lrlab.js');
const DIST = path.resolve(__dirname, '..', 'dist', 'index.js');
const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'docs', 'guides', 'examples');
const GUIDE = path.resolve(__dirname, '..', '..', '..', 'docs', 'guides', 'new-study.md');

/** The guide's plugin and study, copied into `dir`, the study trained for `epochs` (long enough to kill a run mid-way). */
function copyExample(dir: string, epochs: number): string {
  fs.copyFileSync(path.join(EXAMPLES, 'my-kinds.mjs'), path.join(dir, 'my-kinds.mjs'));
  const study = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'plugin-study.json'), 'utf8')) as StudyConfig;
  const longer = { ...study, runs: study.runs.map((run) => ({ ...run, training: { ...run.training, epochs } })) };
  fs.writeFileSync(path.join(dir, 'plugin-study.json'), JSON.stringify(longer));
  return path.join(dir, 'plugin-study.json');
}

function lrlab(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LRLAB_BACKEND: 'cpu' } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const metrics = (runDir: string): string => fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8');

describe('a study with its own kinds from a plugin', () => {
  it('runs through runStudy (a .cjs plugin), recording the plugin in every manifest', async () => {
    const { dir, cleanup } = tempDir();
    try {
      // The same kinds as CommonJS: jest's module system cannot import() an ES module in-process.
      const source = fs.readFileSync(path.join(EXAMPLES, 'my-kinds.mjs'), 'utf8').replace('export default {', 'module.exports = {');
      fs.writeFileSync(path.join(dir, 'my-kinds.cjs'), source);
      const study = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'plugin-study.json'), 'utf8')) as StudyConfig;
      const withCjs: StudyConfig = { ...study, seeds: [1], plugins: ['./my-kinds.cjs'] };
      const outcome = await runStudy(withCjs, { outDir: path.join(dir, 'out'), studyDir: dir });
      expect(outcome.runs.map((r) => `${r.run}:${r.outcome.status}`)).toEqual(['step:finished', 'halving:finished']);
      const runDir = path.join(dir, 'out', 'halving-vs-step', 'halving-seed1');
      expect(readManifest(runDir)!.plugins).toEqual([{ path: path.join(dir, 'my-kinds.cjs'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown as string }]);
      const config = JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')) as { learningRate: unknown; noise: unknown; events: unknown };
      expect(config.learningRate).toEqual({ unit: 'epoch', schedule: { kind: 'halving', initialValue: 1, every: 10 } });
      expect(config.noise).toEqual([{ kind: 'scale-jitter', sigma: 0.5 }]);
      // The halving LR: 1 in epochs 0–9, 0.5 in 10–19, 0.25 in 20–29, 0.125 after (an evaluation
      // at the end of epoch e records the learning rate of its last step, in epoch e − 1).
      const lrs = metrics(runDir).trim().split('\n').map((line) => (JSON.parse(line) as { epoch: number; learningRate: number }));
      expect(lrs.filter((r) => [5, 15, 25, 35].includes(r.epoch)).map((r) => r.learningRate)).toEqual([1, 0.5, 0.25, 0.125]);
      const again = await runStudy(withCjs, { outDir: path.join(dir, 'out'), studyDir: dir });
      expect(again.runs.every((r) => r.outcome.status === 'skipped')).toBe(true);
    } finally {
      cleanup();
    }
  });

  it('runs through `lrlab run study.json` (the .mjs plugin), resumes a killed run to the same bytes, refuses a changed plugin, and reports', async () => {
    expect(fs.existsSync(DIST)).toBe(true); // run `npm run build` first
    const { dir, cleanup } = tempDir();
    try {
      const studyFile = copyExample(dir, 200);
      const whole = lrlab(['run', studyFile, '--out', 'whole'], dir);
      expect(whole.stderr).not.toMatch(/error/i);
      expect(whole.status).toBe(0);
      const wholeRun = path.join(dir, 'whole', 'halving-vs-step', 'halving-seed1');
      expect(readManifest(wholeRun)!.plugins).toEqual([{ path: path.join(dir, 'my-kinds.mjs'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown as string }]);

      // The same run, killed after its second checkpoint, then resumed from its folder alone.
      const killedRun = path.join(dir, 'killed', 'halving-vs-step', 'halving-seed1');
      const child = spawn(process.execPath, [BIN, 'run', studyFile, '--out', 'killed', '--shard', '3/4'], { cwd: dir, stdio: 'ignore', env: { ...process.env, LRLAB_BACKEND: 'cpu' } });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await waitFor(() => fs.existsSync(path.join(killedRun, 'checkpoints', 'previous')) || child.exitCode !== null, 60_000);
      child.kill('SIGKILL');
      await exited;
      expect(readManifest(killedRun)!.status).toBe('running');
      const resumed = lrlab(['resume', killedRun], dir);
      expect(resumed.stderr).not.toMatch(/error/i);
      expect(resumed.stdout).toMatch(/resumed/);
      expect(metrics(killedRun)).toBe(metrics(wholeRun));

      // A changed plugin file: a partial run refuses to resume with it, naming the file.
      const partial = path.join(dir, 'partial');
      fs.cpSync(killedRun, partial, { recursive: true });
      const manifest = JSON.parse(fs.readFileSync(path.join(partial, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(partial, 'manifest.json'), JSON.stringify({ ...manifest, status: 'running' }));
      fs.appendFileSync(path.join(dir, 'my-kinds.mjs'), '// edited\n');
      const refused = lrlab(['resume', partial], dir);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/my-kinds\.mjs: sha256 [0-9a-f]{12}… → [0-9a-f]{12}…/);
      expect(refused.stderr).toMatch(/--allow-plugin-change/);

      const report = lrlab(['report', path.join(dir, 'whole', 'halving-vs-step')], dir);
      expect(report.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'whole', 'halving-vs-step', 'report.md'), 'utf8')).toMatch(/halving − step/);
    } finally {
      cleanup();
    }
  }, 180_000);

  it('is the code docs/guides/new-study.md shows', () => {
    const guide = fs.readFileSync(GUIDE, 'utf8');
    for (const file of ['my-kinds.mjs', 'plugin-study.json']) expect(guide).toContain(fs.readFileSync(path.join(EXAMPLES, file), 'utf8').trim());
  });
});
