/**
 * A run killed with SIGKILL mid-training and resumed gives exactly the metrics of an uninterrupted
 * run. The runs are child processes of the built CLI (`npm test` builds first), as a user runs them.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, tinyConfig, waitFor } from '../../../tools/testing/fixtures';

const BIN = path.resolve(__dirname, '..', 'bin', 'lrlab.js');
const DIST = path.resolve(__dirname, '..', 'dist', 'index.js');

describe('resume after SIGKILL', () => {
  it('continues from the last checkpoint and matches an uninterrupted run byte for byte', async () => {
    expect(fs.existsSync(DIST)).toBe(true); // run `npm run build` first
    const { dir, cleanup } = tempDir();
    try {
      const config = tinyConfig({
        name: 'resumable',
        training: { epochs: 400, batchSize: 10 },
        learningRate: { unit: 'epoch', schedule: { kind: 'multi-step', initialValue: 1, milestones: [300], gamma: 0.1 } },
        evaluation: { everyEpochs: 10 },
        checkpoint: { everyEpochs: 10 },
      });
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(file, JSON.stringify(config));
      const env = { ...process.env, LRLAB_BACKEND: 'cpu' };

      const whole = spawnSync(process.execPath, [BIN, 'run', file, '--out', path.join(dir, 'whole')], { env, encoding: 'utf8' });
      expect(whole.stderr).not.toMatch(/error/i);
      expect(whole.status).toBe(0);

      const killedOut = path.join(dir, 'killed');
      const runDir = path.join(killedOut, 'resumable', 'resumable-seed1');
      const child = spawn(process.execPath, [BIN, 'run', file, '--out', killedOut], { env, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      // Kill it after the second checkpoint (epoch 20 of 400), mid-training.
      await waitFor(() => fs.existsSync(path.join(runDir, 'checkpoints', 'previous')), 60_000);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as { status: string };
      expect(manifest.status).toBe('running');

      const resumed = spawnSync(process.execPath, [BIN, 'resume', runDir], { env, encoding: 'utf8' });
      expect(resumed.status).toBe(0);
      expect(resumed.stdout).toMatch(/resumed/);

      const metrics = (out: string): string => fs.readFileSync(path.join(out, 'resumable', 'resumable-seed1', 'metrics.jsonl'), 'utf8');
      expect(metrics(killedOut)).toBe(metrics(path.join(dir, 'whole')));
      expect(metrics(killedOut).trim().split('\n')).toHaveLength(41); // step 0 + every 10 epochs
    } finally {
      cleanup();
    }
  }, 120_000);
});
