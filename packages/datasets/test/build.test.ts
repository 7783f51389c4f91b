import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DataError, PATCH_GROUPS, SYNTHETIC_GROUPS } from '@lrlab/core';
import { buildDataset, groupCounts, resolveDatasetConfig, type DatasetConfig } from '../src';
import { writeCifarFolder } from './helpers/cifar-files';

describe('resolveDatasetConfig', () => {
  const configs: DatasetConfig[] = [
    { kind: 'synthetic', variant: 'small' },
    { kind: 'synthetic', d1: 64, batchSize: 10, dropLast: true },
    { kind: 'fashion-mnist', subset: { perClass: 100 }, patch: { zetaRange: 0.5 }, augment: true },
    { kind: 'mnist', dir: '/data/mnist', padTo: 32, channels: 3 },
    { kind: 'cifar10', dir: '/data/cifar10', download: true, patch: {} },
  ];

  it('fills every default once; a resolved config is plain JSON and resolves to itself', () => {
    for (const config of configs) {
      const resolved = resolveDatasetConfig(config);
      expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
      expect(resolveDatasetConfig(resolved as DatasetConfig)).toEqual(resolved);
    }
  });

  it('resolves the documented defaults', () => {
    expect(resolveDatasetConfig({ kind: 'synthetic' })).toMatchObject({ variant: 'spec', d1: 2000, trainSize: 1000, batchSize: 50, dropLast: false });
    const fm = resolveDatasetConfig({ kind: 'fashion-mnist', patch: {} });
    expect(fm).toMatchObject({
      dir: '/usr/share/datasets/fashion-mnist',
      batchSize: 128,
      padTo: null,
      channels: 1,
      subset: null,
      augment: null,
      normalization: { mean: [0.28604], std: [0.35302] },
      patch: { patchSize: 7, zScale: 1.25, zetaRange: 0.1, markedFraction: 0.8, patchOnlyProbability: 0.2, patchOnlyScale: 1.75, patchOnlyEvalSize: 1000 },
    });
    expect(resolveDatasetConfig({ kind: 'fashion-mnist', channels: 3 })).toMatchObject({ normalization: { mean: [0.28604, 0.28604, 0.28604], std: [0.35302, 0.35302, 0.35302] } });
    expect(resolveDatasetConfig({ kind: 'cifar10', dir: 'd' })).toMatchObject({
      download: false,
      url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
      md5: 'c32a1d4ab5d03f1284b67883e8d87530',
      normalization: { mean: [125.3 / 255, 123.0 / 255, 113.9 / 255], std: [63.0 / 255, 62.1 / 255, 66.7 / 255] },
      patch: null,
    });
    expect(resolveDatasetConfig({ kind: 'cifar10', dir: 'd', augment: { padding: 2 } })).toMatchObject({ augment: { padding: 2, flipProbability: 0.5 } });
  });

  it('names the bad field: unknown kind, typos, missing dir, bad values', () => {
    expect(() => resolveDatasetConfig({ kind: 'imagenet' } as never)).toThrow(/data\.kind/);
    expect(() => resolveDatasetConfig({ kind: 'synthetic', batchsize: 3 } as never)).toThrow(/data\.batchsize/);
    expect(() => resolveDatasetConfig({ kind: 'fashion-mnist', pach: {} } as never)).toThrow(/data\.pach/);
    expect(() => resolveDatasetConfig({ kind: 'fashion-mnist', patch: { size: 3 } } as never)).toThrow(/data\.patch\.size/);
    expect(() => resolveDatasetConfig({ kind: 'mnist' } as never)).toThrow(/data\.dir/);
    expect(() => resolveDatasetConfig({ kind: 'cifar10', dir: 'd', batchSize: 0 })).toThrow(ConfigError);
    expect(() => resolveDatasetConfig({ kind: 'fashion-mnist', channels: 2 })).toThrow(/data\.channels/);
    expect(() => resolveDatasetConfig({ kind: 'fashion-mnist', subset: { perClass: 0 } })).toThrow(/data\.subset\.perClass/);
    expect(() => resolveDatasetConfig({ kind: 'fashion-mnist', normalization: { mean: [0.1, 0.2], std: [1] } })).toThrow(/data\.normalization\.mean/);
  });
});

describe('buildDataset', () => {
  it('synthetic: a train stream and train/test eval sets, the same for the same seed', async () => {
    const data = await buildDataset({ kind: 'synthetic', variant: 'tiny', batchSize: 10 }, 5);
    expect(data.train.batchesPerEpoch).toBe(5);
    expect(data.numClasses).toBe(2);
    expect(data.exampleShape).toEqual([102]);
    expect(Object.keys(data.evalSets)).toEqual(['train', 'test']);
    expect(data.evalSets.test!.groupNames).toEqual(SYNTHETIC_GROUPS);
    expect(groupCounts(data.evalSets.test!)).toEqual({ 'a-only': 100, 'b-only': 100, both: 100 });
    expect(data.resolved).toEqual(resolveDatasetConfig({ kind: 'synthetic', variant: 'tiny', batchSize: 10 }));
    const again = await buildDataset(data.resolved as DatasetConfig, 5);
    expect(again.train.batch(3, 2)).toEqual(data.train.batch(3, 2));
    const other = await buildDataset({ kind: 'synthetic', variant: 'tiny', batchSize: 10 }, 6);
    expect(other.evalSets.train!.features).not.toEqual(data.evalSets.train!.features);
  });

  it('patched Fashion-MNIST: subset, augmentation, patch groups and the three eval sets', async () => {
    const data = await buildDataset(
      { kind: 'fashion-mnist', subset: { perClass: 50 }, testSubset: { perClass: 20 }, patch: { patchOnlyEvalSize: 100 }, augment: true, batchSize: 100 },
      3,
    );
    expect(data.train.dataset.size).toBe(500);
    expect(data.train.groupNames).toEqual(PATCH_GROUPS);
    expect(data.exampleShape).toEqual([28, 28, 1]);
    expect(data.patchMixture?.top).toBe(10);
    expect(Object.keys(data.evalSets)).toEqual(['clean', 'mixed', 'patch-only']);
    expect(data.evalSets.clean!.size).toBe(200);
    expect(data.evalSets.mixed!.groupNames).toEqual(PATCH_GROUPS);
    expect(data.evalSets['patch-only']!.size).toBe(100);
    const counts = { clean: 0, 'image+patch': 0, 'patch-only': 0 } as Record<string, number>;
    for (let b = 0; b < data.train.batchesPerEpoch; b++) {
      const batch = data.train.batch(0, b);
      for (const g of batch.groups) counts[PATCH_GROUPS[g]!]! += 1;
    }
    expect(counts.clean! + counts['image+patch']! + counts['patch-only']!).toBe(500);
    expect(counts['image+patch']).toBeGreaterThan(250);
    expect(data.normalization).toEqual({ mean: [0.28604], std: [0.35302] });
  });

  it('CIFAR-10 from a folder (small files in the official format), and a DataError when it is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-build-'));
    try {
      writeCifarFolder(dir, 10);
      const data = await buildDataset({ kind: 'cifar10', dir, recordsPerFile: 10, batchSize: 16 }, 1);
      expect(data.train.dataset.size).toBe(50);
      expect(data.evalSets.test!.size).toBe(10);
      expect(data.train.batchesPerEpoch).toBe(4);
      await expect(buildDataset({ kind: 'cifar10', dir: join(dir, 'nope') }, 1)).rejects.toThrow(DataError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
