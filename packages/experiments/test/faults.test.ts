import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DivergenceError } from '@lrlab/core';
import { buildRun, checkRun, disposeRun, prepareRun, runExperiment, trainLoop, trainLoopInputs, type EvaluationRecord, type ProgressSink } from '../src';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';

describe('numerical faults', () => {
  let root: ReturnType<typeof tempDir>;
  beforeAll(() => {
    root = tempDir();
  });
  afterAll(() => root.cleanup());

  it('an overflowing noise σ is caught at its first step, with the step and the loss', async () => {
    const config = tinyConfig({ name: 'sigma', noise: [{ kind: 'preactivation', sigma: { unit: 'epoch', schedule: { kind: 'piecewise-constant', boundaries: [3], values: [0.1, 1e39] } } }] });
    const error = await runExperiment(config, { dir: path.join(root.dir, 'sigma') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as DivergenceError).step).toBe(15); // the first step of epoch 3
    expect(Number.isFinite((error as DivergenceError).values['loss'])).toBe(false);
  });

  it('a poisoned batch (NaN features) is caught at that step', async () => {
    const prepared = await prepareRun(checkRun(tinyConfig()));
    const run = buildRun(prepared);
    const poisoned = {
      ...run.stream,
      batch: (epoch: number, index: number) => {
        const batch = run.stream.batch(epoch, index);
        if (epoch * run.plan.stepsPerEpoch + index !== 7) return batch;
        const features = batch.features.slice();
        features[3] = NaN;
        return { ...batch, features };
      },
    };
    const silent: ProgressSink = { step: () => undefined, note: () => undefined, done: () => undefined };
    try {
      const error = await trainLoop(
        { ...inputsOf(run), stream: poisoned, progress: silent },
        { startStep: 0, onEvaluation: () => undefined, onCheckpoint: () => undefined },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DivergenceError);
      expect((error as DivergenceError).step).toBe(7);
    } finally {
      disposeRun(run);
    }
  });
});

function inputsOf(run: Awaited<ReturnType<typeof buildRun>>) {
  return trainLoopInputs(run, { step: () => undefined, note: () => undefined, done: () => undefined });
}

describe('long-run stability', () => {
  it('keeps the tfjs tensor count and bytes flat over 1000 training steps with evaluations', async () => {
    const config = tinyConfig({ name: 'long', training: { epochs: 200, batchSize: 10 }, evaluation: { everyEpochs: 20 }, checkpoint: { everyEpochs: 50 } });
    const prepared = await prepareRun(checkRun(config));
    const run = buildRun(prepared);
    const counts: number[] = [];
    const bytes: number[] = [];
    const records: EvaluationRecord[] = [];
    try {
      await trainLoop(
        {
          ...inputsOf(run),
          progress: {
            step: (p) => {
              if (p.step % 100 === 0) {
                counts.push(tf.memory().numTensors);
                bytes.push(tf.memory().numBytes);
              }
            },
            note: () => undefined,
            done: () => undefined,
          },
        },
        { startStep: 0, onEvaluation: (r) => void records.push(r), onCheckpoint: () => undefined },
      );
    } finally {
      disposeRun(run);
    }
    expect(run.plan.totalSteps).toBe(1000);
    expect(counts).toHaveLength(10);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(new Set(bytes.slice(1)).size).toBe(1);
    expect(records.at(-1)?.step).toBe(1000);
  }, 120_000);
});
