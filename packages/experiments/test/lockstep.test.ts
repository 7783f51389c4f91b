/**
 * Lockstep training keeps every run's bits: a study trained in lockstep writes the same
 * metrics.jsonl and checkpoints, byte for byte, as the same study with every run alone, on the cpu
 * and blas backends; a diverging run diverges as it would alone while the others go on; and a
 * killed lockstep batch resumes each run from its own checkpoint to the same bytes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runStudy, silentProgress, type ExperimentConfig, type StudyConfig } from '../src';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';

/** Four methods of one shape (one of them diverges), a Nesterov method with weight decay, and a linear baseline; two seeds. */
function lockstepStudy(backend: string): StudyConfig {
  const base = (overrides: Partial<ExperimentConfig>): ExperimentConfig => tinyConfig({ backend, training: { epochs: 4, batchSize: 10 }, ...overrides });
  return {
    name: 'lockstep',
    description: 'Methods of one shape, trained alone and in lockstep.',
    seeds: [1, 2],
    runs: [
      base({ name: 'large' }),
      base({ name: 'small', learningRate: 0.1 }),
      base({
        name: 'noisy',
        learningRate: 0.1,
        noise: [
          { kind: 'preactivation', sigma: { fromLearningRate: { coefficient: 0.5, power: 2 } } },
          { kind: 'preactivation', sigma: { unit: 'epoch', schedule: { kind: 'piecewise-constant', boundaries: [2], values: [0.5, 0] } } },
        ],
      }),
      base({ name: 'wild', learningRate: { unit: 'epoch', schedule: { kind: 'piecewise-constant', boundaries: [1], values: [0.5, 1e30] } }, noise: [] }),
      base({
        name: 'nesterov',
        model: { kind: 'two-layer', width: 20, bias: true },
        optimizer: { kind: 'nesterov', momentum: 0.9 },
        weightDecay: { value: 5e-3, mode: 'coupled' },
        learningRate: 0.2,
      }),
    ],
    baselines: [
      {
        name: 'linear',
        backend,
        data: { kind: 'synthetic', variant: 'tiny', testPerGroup: 40 },
        model: { kind: 'linear', features: [0, 100] },
        training: { epochs: 10, batchSize: 10, groups: ['a-only'] },
        learningRate: 4,
        evaluation: { everyEpochs: 5, sets: ['test'] },
        checkpoint: { everyEpochs: 5 },
      },
    ],
    report: { primarySet: 'test', comparisons: [], learningOrder: [], curves: [] },
  };
}

/** Every file of a run folder that records results, model names made neutral (tfjs numbers models per process). */
function records(runDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      const rel = path.relative(runDir, file);
      if (entry.isDirectory()) walk(file);
      else if (rel === 'metrics.jsonl' || rel.startsWith('checkpoints')) {
        const bytes = fs.readFileSync(file);
        out[rel] = entry.name.endsWith('.json') ? bytes.toString('utf8').replace(/"(two-layer|linear)-\d+/g, '"MODEL') : bytes.toString('base64');
      }
    }
  };
  walk(runDir);
  return out;
}

function runDirs(studyDir: string): string[] {
  return fs
    .readdirSync(studyDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function manifestOf(runDir: string): { status: string; lockstep?: { runs: number } } {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8'));
}

describe.each(['cpu', 'blas'])('lockstep on %s', (backend) => {
  const study = lockstepStudy(backend);
  let alone: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    alone = tempDir('lrlab-lockstep-alone-');
    await runStudy(study, { outDir: alone.dir, progress: silentProgress, lockstep: 'off' });
  });
  afterAll(() => alone.cleanup());

  test('every run writes the bytes it writes alone; the diverging run diverges alone too', async () => {
    const { dir, cleanup } = tempDir('lrlab-lockstep-');
    try {
      const outcome = await runStudy(study, { outDir: dir, progress: silentProgress });
      const names = runDirs(path.join(alone.dir, 'lockstep'));
      expect(names).toHaveLength(12);
      expect(runDirs(path.join(dir, 'lockstep'))).toEqual(names);
      for (const name of names) {
        const a = path.join(alone.dir, 'lockstep', name);
        const b = path.join(dir, 'lockstep', name);
        expect({ name, files: records(b) }).toEqual({ name, files: records(a) });
        expect(manifestOf(b).status).toBe(manifestOf(a).status);
      }
      // The two-layer methods of one shape trained as one batch of 8, the Nesterov and linear runs in pairs.
      expect(manifestOf(path.join(dir, 'lockstep', 'large-seed1')).lockstep).toEqual({ runs: 8 });
      expect(manifestOf(path.join(dir, 'lockstep', 'nesterov-seed2')).lockstep).toEqual({ runs: 2 });
      expect(manifestOf(path.join(dir, 'lockstep', 'linear-seed1')).lockstep).toEqual({ runs: 2 });
      expect(manifestOf(path.join(alone.dir, 'lockstep', 'large-seed1')).lockstep).toBeUndefined();
      expect(manifestOf(path.join(dir, 'lockstep', 'wild-seed1')).status).toBe('diverged');
      expect(outcome.runs.filter((r) => r.outcome.status === 'diverged').map((r) => `${r.run}-seed${r.seed}`)).toEqual(['wild-seed1', 'wild-seed2']);
    } finally {
      cleanup();
    }
  });

  test('a killed lockstep batch resumes each run from its own checkpoint to the same bytes', async () => {
    const { dir, cleanup } = tempDir('lrlab-lockstep-kill-');
    try {
      let steps = 0;
      const killed = runStudy(study, {
        outDir: dir,
        progress: silentProgress,
        // Stop the study in the middle of the first batch, after the epoch-2 checkpoint (5 steps an epoch, 8 runs).
        onProgress: (event) => {
          if (event.event === 'step' && ++steps === 8 * 13) throw new Error('killed');
        },
      });
      await expect(killed).rejects.toThrow('killed');
      expect(manifestOf(path.join(dir, 'lockstep', 'small-seed2')).status).toBe('failed');
      await runStudy(study, { outDir: dir, progress: silentProgress });
      for (const name of runDirs(path.join(alone.dir, 'lockstep'))) {
        const metrics = (root: string): string => fs.readFileSync(path.join(root, 'lockstep', name, 'metrics.jsonl'), 'utf8');
        expect({ name, metrics: metrics(dir) }).toEqual({ name, metrics: metrics(alone.dir) });
      }
      expect(manifestOf(path.join(dir, 'lockstep', 'small-seed2')).status).toBe('finished');
    } finally {
      cleanup();
    }
  });
});

test('runs lockstep cannot stack train alone, and say why', async () => {
  const { dir, cleanup } = tempDir('lrlab-lockstep-alone-why-');
  const notes: string[] = [];
  try {
    const base = (overrides: Partial<ExperimentConfig>): ExperimentConfig => tinyConfig({ training: { epochs: 1, batchSize: 10 }, ...overrides });
    const study: StudyConfig = {
      name: 'alone-why',
      description: 'Runs of one shape that lockstep cannot stack.',
      seeds: [1, 2],
      runs: [
        base({ name: 'adam', optimizer: { kind: 'adam' }, learningRate: 0.01 }),
        base({ name: 'gradient-noise', noise: [{ kind: 'gradient', sigma: 0.1 }] }),
      ],
      report: { primarySet: 'test', comparisons: [], learningOrder: [], curves: [] },
    };
    await runStudy(study, { outDir: dir, progress: { step: () => undefined, note: (line) => notes.push(line), done: () => undefined } });
    for (const run of ['adam-seed1', 'adam-seed2', 'gradient-noise-seed1', 'gradient-noise-seed2']) {
      const manifest = manifestOf(path.join(dir, 'alone-why', run));
      expect(manifest.status).toBe('finished');
      expect(manifest.lockstep).toBeUndefined();
    }
    expect(notes.filter((n) => n.includes('trains alone'))).toEqual([
      '  adam: trains alone (optimizer adam (lockstep covers sgd, momentum and nesterov))',
      '  adam: trains alone (optimizer adam (lockstep covers sgd, momentum and nesterov))',
      '  gradient-noise: trains alone (gradient or weight noise)',
      '  gradient-noise: trains alone (gradient or weight noise)',
    ]);
  } finally {
    cleanup();
  }
});
