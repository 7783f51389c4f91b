/**
 * The two evaluation options of the patch experiment: `redraw` (the mixed and patch-only sets drawn
 * again at every evaluation) and `reestimateBatchNorm` (every set evaluated a second time with
 * batch-norm statistics re-estimated on training batches). Neither may change training.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import {
  BN_REESTIMATED_SUFFIX,
  InvalidConfigError,
  buildRun,
  checkRun,
  disposeRun,
  prepareRun,
  resolveExperimentConfig,
  silentProgress,
  trainLoop,
  trainLoopInputs,
  type EvaluationRecord,
  type ExperimentConfig,
} from '../src';
import { tinyConfig } from '../../../tools/testing/fixtures';

/** Patched Fashion-MNIST (Debian's dataset-fashion-mnist, which the test command installs), tiny. */
function patched(evaluation: ExperimentConfig['evaluation'] = {}): ExperimentConfig {
  return {
    name: 'evaluation-options',
    backend: 'blas',
    data: { kind: 'fashion-mnist', subset: { perClass: 3, pick: 'first' }, testSubset: { perClass: 3, pick: 'first' }, patch: { patchOnlyEvalSize: 40 } },
    model: { kind: 'small-cnn', channels: [4, 8] },
    training: { epochs: 1, batchSize: 10 },
    learningRate: 0.05,
    optimizer: { kind: 'momentum', momentum: 0.9 },
    evaluation: { batchSize: 100, early: { everySteps: 1, untilStep: 3 }, ...evaluation },
  };
}

async function records(config: ExperimentConfig): Promise<{ records: EvaluationRecord[]; weights: number[][] }> {
  const run = buildRun(await prepareRun(checkRun(config, 'test'), 'test'));
  const out: EvaluationRecord[] = [];
  try {
    await trainLoop(trainLoopInputs(run, silentProgress), { startStep: 0, onEvaluation: (r) => void out.push(r), onCheckpoint: () => undefined });
    return { records: out, weights: run.net.variables.map((v) => Array.from(v.variable.dataSync())) };
  } finally {
    disposeRun(run);
  }
}

const withoutSets = (r: EvaluationRecord, names: readonly string[]) => ({ ...r, sets: Object.fromEntries(names.map((n) => [n, r.sets[n]])) });

describe('evaluation options', () => {
  let plain: Awaited<ReturnType<typeof records>>;
  beforeAll(async () => {
    await initBackend({ prefer: 'blas' });
    plain = await records(patched());
    expect(plain.records.map((r) => r.step)).toEqual([0, 1, 2, 3]);
  });

  it('redraw: the mixed and patch-only sets change from one evaluation to the next; training and the clean set do not', async () => {
    const redrawn = await records(patched({ redraw: true }));
    expect(redrawn.weights).toEqual(plain.weights);
    expect(redrawn.records.map((r) => [r.step, r.trainLoss])).toEqual(plain.records.map((r) => [r.step, r.trainLoss]));
    expect(redrawn.records.map((r) => r.sets['clean'])).toEqual(plain.records.map((r) => r.sets['clean']));
    // Step 0 sees draw 0, the set drawn once; every later evaluation sees another draw.
    expect(redrawn.records[0]).toEqual(plain.records[0]);
    for (const [i, r] of redrawn.records.entries()) {
      if (i === 0) continue;
      for (const set of ['mixed', 'patch-only']) expect(r.sets[set]!.loss.overall!.meanLoss).not.toBe(plain.records[i]!.sets[set]!.loss.overall!.meanLoss);
    }
    // And the same run again gives the same draws.
    expect((await records(patched({ redraw: true }))).records).toEqual(redrawn.records);
  });

  it('reestimateBatchNorm: each set twice, the running statistics unchanged and training unchanged', async () => {
    const both = await records(patched({ reestimateBatchNorm: { batches: 3 } }));
    const names = ['clean', 'mixed', 'patch-only'];
    expect(Object.keys(both.records[0]!.sets)).toEqual([...names, ...names.map((n) => n + BN_REESTIMATED_SUFFIX)]);
    expect(both.weights).toEqual(plain.weights); // the running statistics included: put back bit for bit
    expect(both.records.map((r) => withoutSets(r, names))).toEqual(plain.records);
    // The re-estimated statistics are another model: its clean loss differs at every evaluation after training starts.
    for (const r of both.records.slice(1)) expect(r.sets[`clean${BN_REESTIMATED_SUFFIX}`]!.loss.overall!.meanLoss).not.toBe(r.sets['clean']!.loss.overall!.meanLoss);
    expect((await records(patched({ reestimateBatchNorm: { batches: 3 } }))).records).toEqual(both.records);
    expect(tf.memory().numTensors).toBeLessThan(200);
  });

  it('off is absent from the resolved config (run folders saved before the options resume unchanged); on is resolved', () => {
    const off = resolveExperimentConfig(patched(), { imageModel: true }).evaluation;
    expect('redraw' in off || 'reestimateBatchNorm' in off).toBe(false);
    expect(resolveExperimentConfig(patched({ redraw: false, reestimateBatchNorm: null }), { imageModel: true }).evaluation).toEqual(off);
    const on = resolveExperimentConfig(patched({ redraw: true, reestimateBatchNorm: {} }), { imageModel: true }).evaluation;
    expect([on.redraw, on.reestimateBatchNorm]).toEqual([true, { batches: 'epoch' }]);
  });

  it('refuses either option where it has nothing to act on, saying what to set', async () => {
    const synthetic = tinyConfig({ evaluation: { redraw: true } });
    const error = await prepareRun(checkRun(synthetic, 'tiny'), 'tiny').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).issues).toEqual([
      { path: 'evaluation.redraw', message: expect.stringMatching(/^expected false: none of the evaluated sets \(.*\) has other draws \(only a patched image dataset has/) },
    ]);
    const noBatchNorm = tinyConfig({ evaluation: { reestimateBatchNorm: { batches: 2 } } });
    const prepared = await prepareRun(checkRun(noBatchNorm, 'tiny'), 'tiny');
    expect(() => buildRun(prepared)).toThrow(ConfigError);
    expect(() => buildRun(prepared)).toThrow(/evaluation\.reestimateBatchNorm.*set evaluation\.reestimateBatchNorm to null/s);
    expect(() => checkRun(patched({ reestimateBatchNorm: { batches: 0 } }), 'test')).toThrow(/evaluation\.reestimateBatchNorm\.batches/);
  });
});
