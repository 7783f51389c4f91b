/**
 * The CIFAR-10 presets start, evaluate and checkpoint on a small file in the real binary format:
 * each full-scale study runs one epoch with every setting of the preset (data reader, normalisation,
 * patch mixture, eval sets, optimizer, weight decay, schedules, noise on the network's BN sites)
 * except the network, swapped for wrn10x1, and the batch, 32, so that CI can afford it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeCifar10Fixture } from '@lrlab/datasets';
import { PRESETS, runStudy, type StudyConfig } from '../src';
import { tempDir } from '../../../tools/testing/fixtures';

/** Records per batch file: 5 × 40 = 200 training images, 40 test images. */
const RECORDS = 40;

function onFixture(study: StudyConfig, dataDir: string): StudyConfig {
  return {
    ...study,
    seeds: [1],
    runs: study.runs.map((run) => ({
      ...run,
      data: { ...run.data, dir: dataDir, recordsPerFile: RECORDS },
      model: { kind: 'wide-resnet', depth: 10, widthFactor: 1 },
      training: { ...run.training, epochs: 1, batchSize: 32 },
      evaluation: { ...run.evaluation, batchSize: 256 },
      // The patch-only set would otherwise hold the reference's 1000 images.
      ...('patch' in run.data ? { data: { ...run.data, dir: dataDir, recordsPerFile: RECORDS, patch: { ...(run.data['patch'] as object), patchOnlyEvalSize: 64 } } } : {}),
    })),
  };
}

describe('CIFAR-10 presets on a CIFAR-format fixture', () => {
  it.each(['patched-cifar10', 'cifar10-fig1', 'cifar10-mitigation'])('%s (full scale) starts, evaluates and checkpoints every run', async (name) => {
    const { dir, cleanup } = tempDir();
    try {
      writeCifar10Fixture(dir, RECORDS);
      const study = onFixture(PRESETS[name]!.study('full'), dir);
      const outcome = await runStudy(study, { outDir: path.join(dir, 'out') });
      expect(outcome.runs.map((r) => [r.run, r.outcome.status])).toEqual(study.runs.map((r) => [r.name, 'finished']));
      const sets = name === 'patched-cifar10' ? ['clean', 'mixed', 'patch-only'] : ['test'];
      for (const run of outcome.runs) {
        const records = fs.readFileSync(path.join(run.dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { epoch: number; sets: object });
        expect(records.map((r) => r.epoch)).toEqual([0, 1]);
        for (const record of records) expect(Object.keys(record.sets).sort()).toEqual(sets);
        expect(fs.existsSync(path.join(run.dir, 'checkpoints', 'latest'))).toBe(true);
        const config = JSON.parse(fs.readFileSync(path.join(run.dir, 'config.json'), 'utf8')) as { optimizer: object; data: { kind: string } };
        expect(config.data.kind).toBe('cifar10');
        expect(config.optimizer).toMatchObject({ kind: 'nesterov', momentum: 0.9 });
      }
    } finally {
      cleanup();
    }
  }, 120_000);
});
