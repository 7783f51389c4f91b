/** Tiny configs and temp folders shared by the tests of experiments, report and cli. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExperimentConfig, StudyConfig } from '@lrlab/experiments';

/** A run small enough for a unit test: the `tiny` synthetic variant and a 20-unit two-layer net. */
export function tinyConfig(overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return {
    name: 'tiny',
    seed: 1,
    backend: 'cpu',
    data: { kind: 'synthetic', variant: 'tiny', testPerGroup: 40 },
    model: { kind: 'two-layer', width: 20 },
    training: { epochs: 6, batchSize: 10 },
    learningRate: { unit: 'epoch', schedule: { kind: 'multi-step', initialValue: 1, milestones: [4], gamma: 0.1 } },
    noise: [{ kind: 'preactivation', sigma: { fromLearningRate: { coefficient: 0.5, power: 2 } } }],
    evaluation: { everyEpochs: 2, epochs: [1], groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 } },
    checkpoint: { everyEpochs: 2 },
    ...overrides,
  };
}

/** A two-method, two-seed study over {@link tinyConfig}, with a linear baseline. */
export function tinyStudy(): StudyConfig {
  return {
    name: 'tiny-study',
    description: 'Two tiny methods and a baseline.',
    seeds: [1, 2],
    runs: [tinyConfig({ name: 'large' }), tinyConfig({ name: 'small', learningRate: 0.1 })],
    baselines: [
      {
        name: 'linear',
        backend: 'cpu',
        data: { kind: 'synthetic', variant: 'tiny', testPerGroup: 40 },
        model: { kind: 'linear', features: [0, 100] },
        training: { epochs: 20, batchSize: 10, groups: ['a-only'] },
        learningRate: 4,
        evaluation: { everyEpochs: 10, sets: ['test'] },
      },
    ],
    report: {
      primarySet: 'test',
      groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 },
      comparisons: [{ a: 'large', b: 'small' }],
      learningOrder: [{ set: 'train', group: 'b-only', metric: 'accuracy', threshold: 0.9, label: 'B-only train accuracy ≥ 90%' }],
      curves: [{ set: 'test', group: 'a-only' }, { set: 'train', group: 'b-only' }],
    },
  };
}

/** {@link tinyStudy} with one seed, no baseline, 4 epochs, swept over the training size N ∈ {30, 50}. */
export function sweptStudy(): StudyConfig {
  const base = tinyStudy();
  return {
    ...base,
    name: 'tiny-sweep',
    seeds: [1],
    runs: base.runs.map((r) => ({ ...r, training: { epochs: 4, batchSize: 10 } })),
    baselines: [],
    sweep: { path: 'data.trainSize', values: [30, 50], label: 'N' },
  };
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'lrlab-exp-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Resolves once `condition()` holds (polled every 20 ms); rejects after `timeoutMs`. */
export function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = (): void => {
      if (condition()) resolve();
      else if (performance.now() - started > timeoutMs) reject(new Error('timed out waiting for the child run'));
      else setTimeout(poll, 20);
    };
    poll();
  });
}
