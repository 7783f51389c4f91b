/**
 * The README's promise: on blas, two one-thread shards of a study give the same metrics as one
 * two-thread process, byte for byte (every product is cut into pieces by its shape, never by the
 * thread count). The runs are child processes of the built CLI (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StudyConfig } from '@lrlab/experiments';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';

const BIN = path.resolve(__dirname, '..', 'bin', 'lrlab.js');
const DIST = path.resolve(__dirname, '..', 'dist', 'index.js');

/** Runs the CLI with `env` added; resolves with its exit code and stderr. */
function lrlab(args: readonly string[], env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (status) => resolve({ status, stderr }));
  });
}

// The `small` data (d1 = 500, N = 250) and width 400: the training step's products (50×400×502,
// 502×400×50) and the evaluations' (250 and 3,000 rows) are each cut into several pieces.
const run = (name: string, initialValue: number): ReturnType<typeof tinyConfig> =>
  tinyConfig({
    name,
    backend: 'blas',
    data: { kind: 'synthetic', variant: 'small', testPerGroup: 1000 },
    model: { kind: 'two-layer', width: 400 },
    training: { epochs: 6, batchSize: 50 },
    learningRate: { unit: 'epoch', schedule: { kind: 'multi-step', initialValue, milestones: [4], gamma: 0.1 } },
    evaluation: { everyEpochs: 2 },
    checkpoint: { everyEpochs: 2 },
  });

const study: StudyConfig = {
  name: 'threads',
  description: 'A large and a small learning rate on the small synthetic data.',
  seeds: [1],
  runs: [run('large', 3), run('small', 0.3)],
  report: { primarySet: 'test', comparisons: [{ a: 'large', b: 'small' }], learningOrder: [], curves: [] },
};

function metricsOf(out: string): Record<string, string> {
  const root = path.join(out, 'threads');
  const runs = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, 'metrics.jsonl')));
  return Object.fromEntries(runs.sort().map((name) => [name, fs.readFileSync(path.join(root, name, 'metrics.jsonl'), 'utf8')]));
}

describe('blas metrics and the thread count', () => {
  it('two one-thread shards at once give the bytes of one two-thread process', async () => {
    expect(fs.existsSync(DIST)).toBe(true); // run `npm run build` first
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'study.json');
      fs.writeFileSync(file, JSON.stringify(study));
      const [one, shards] = [path.join(dir, 'one'), path.join(dir, 'shards')];
      const whole = await lrlab(['run', file, '--out', one], { LRLAB_THREADS: '2' });
      expect(whole).toEqual({ status: 0, stderr: expect.not.stringMatching(/error/i) as unknown as string });
      const halves = await Promise.all(['1/2', '2/2'].map((shard) => lrlab(['run', file, '--out', shards, '--shard', shard], { LRLAB_THREADS: '1' })));
      expect(halves.map((h) => h.status)).toEqual([0, 0]);

      const [a, b] = [metricsOf(one), metricsOf(shards)];
      expect(Object.keys(a)).toEqual(['large-seed1', 'small-seed1']);
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const name of Object.keys(a)) expect({ name, same: a[name] === b[name] }).toEqual({ name, same: true });
      // The manifests record the thread counts, which results do not depend on.
      const runtime = (out: string): { threads: number; threadsAffectResults: boolean } =>
        (JSON.parse(fs.readFileSync(path.join(out, 'threads', 'large-seed1', 'manifest.json'), 'utf8')) as { runtime: { threads: number; threadsAffectResults: boolean } }).runtime;
      expect([runtime(one), runtime(shards)].map((r) => [r.threads, r.threadsAffectResults])).toEqual([
        [2, false],
        [1, false],
      ]);
    } finally {
      cleanup();
    }
  });
});
