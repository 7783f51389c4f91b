/**
 * The dataset registry: one contract over every built-in kind (resolves, documents every field,
 * builds on small data what its facts promise), field-path errors, a user's kind added with
 * core's `withKinds`, and configs checked without building their data.
 */
import fs, { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ConfigError, DataError, checkInteger, lookupKind, withKinds } from '@lrlab/core';
import {
  DATASETS,
  FASHION_MNIST_DEFAULT_DIR,
  buildCheckedDataset,
  buildDataset,
  checkDatasetConfig,
  checkIdxFile,
  createDataset,
  groupCounts,
  parseIdx,
  resolveDatasetConfig,
  trainStream,
  type DatasetKindConfig,
  type DatasetKindEntry,
  type DatasetRegistry,
} from '../src';
import { writeCifarFolder } from './helpers/cifar-files';
import { idxBytes, writeIdxFolder } from './helpers/idx-files';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrlab-registry-'));
  writeIdxFolder(join(dir, 'mnist'));
  writeIdxFolder(join(dir, 'fashion'));
  writeCifarFolder(join(dir, 'cifar'), 20);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Small configs of every built-in kind, with and without the patch mixture, subsets and augmentation. */
function samples(): Record<string, readonly DatasetKindConfig[]> {
  return {
    synthetic: [{ kind: 'synthetic', variant: 'tiny' }, { kind: 'synthetic', variant: 'tiny', d2: 3, groupFractions: { 'a-only': 0.5, 'b-only': 0, both: 0.5 } }],
    'fashion-mnist': [
      { kind: 'fashion-mnist', dir: join(dir, 'fashion') },
      { kind: 'fashion-mnist', dir: join(dir, 'fashion'), subset: { perClass: 3, pick: 'seeded' }, patch: { patchOnlyEvalSize: 10 }, augment: true },
    ],
    mnist: [{ kind: 'mnist', dir: join(dir, 'mnist'), padTo: 32, channels: 3, testSubset: { perClass: 2 }, patch: { patchOnlyEvalSize: 10 } }],
    cifar10: [
      { kind: 'cifar10', dir: join(dir, 'cifar'), recordsPerFile: 20 },
      { kind: 'cifar10', dir: join(dir, 'cifar'), recordsPerFile: 20, subset: { perClass: 4 }, patch: { patchOnlyEvalSize: 10 }, augment: { padding: 2 } },
    ],
  };
}

describe('every built-in dataset kind', () => {
  it('has a sample here', () => {
    expect(Object.keys(samples()).sort()).toEqual(Object.keys(DATASETS).sort());
  });

  describe.each(Object.entries(DATASETS))('%s', (kind, entry: DatasetKindEntry) => {
    it('is described and documents every field in one line', () => {
      expect(entry.description).toMatch(/^[^\n]{10,}$/);
      for (const [field, text] of Object.entries(entry.fields)) {
        expect([field, text]).toEqual([field, expect.stringMatching(/^[^\n]{5,}$/)]);
      }
    });

    it('resolves its samples to plain JSON that resolves to itself, with every documented field and no other', () => {
      for (const config of samples()[kind]!) {
        const resolved = entry.resolve(config, 'data');
        expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
        expect(entry.resolve(resolved, 'data')).toEqual(resolved);
        expect(Object.keys(resolved).filter((field) => field !== 'kind').sort()).toEqual(Object.keys(entry.fields).sort());
        expect(() => lookupKind(DATASETS, resolved, 'data', 'a dataset kind')).not.toThrow();
      }
    });

    it('builds on small data exactly what its facts promise, the same for the same seed', async () => {
      for (const config of samples()[kind]!) {
        const checked = checkDatasetConfig(config);
        const data = await buildCheckedDataset(checked, { seed: 3, batchSize: 8, dropLast: false });
        expect(data.exampleShape).toEqual(checked.exampleShape);
        expect(data.numClasses).toBe(checked.numClasses);
        expect(Object.keys(data.evalSets)).toEqual(checked.evalSetNames);
        expect(data.train.dataset.groupNames).toEqual(checked.trainGroupNames);
        expect(groupCounts(data.train.dataset)).toEqual(checked.trainGroupSizes);
        expect(data.train.groupNames).toEqual(checked.batchGroupNames);
        const batch = data.train.batch(1, 0);
        expect(batch.shape).toEqual([8, ...checked.exampleShape]);
        expect(batch.features.every(Number.isFinite)).toBe(true);
        const again = await buildDataset({ ...config, batchSize: 8 }, 3);
        expect(again.train.batch(1, 0)).toEqual(batch);
        expect(again.resolved).toEqual({ ...checked.resolved, batchSize: 8, dropLast: false });
      }
    });
  });
});

describe('errors name the field by its full path', () => {
  const path = 'studies[0].data';
  it.each([
    [{ kind: 'imagenet' }, /studies\[0\]\.data\.kind.*"synthetic", "fashion-mnist", "mnist", "cifar10"/],
    ['synthetic', /Invalid studies\[0\]\.data: expected an object with a "kind" field/],
    [{ kind: 'synthetic', variants: 'tiny' }, /studies\[0\]\.data\.variants: .*no such field for kind "synthetic"/],
    [{ kind: 'cifar10', dir: 'd', pach: {} }, /studies\[0\]\.data\.pach/],
    [{ kind: 'cifar10', dir: 'd', patch: { size: 3 } }, /studies\[0\]\.data\.patch\.size/],
    [{ kind: 'fashion-mnist', subset: { perClass: 3, pik: 'first' } }, /studies\[0\]\.data\.subset\.pik/],
    [{ kind: 'mnist' }, /studies\[0\]\.data\.dir/],
    [{ kind: 'synthetic', batchSize: 10 }, /studies\[0\]\.data\.batchSize: .*no such field/],
  ])('%j', (config, message) => {
    expect(() => checkDatasetConfig(config, path)).toThrow(ConfigError);
    expect(() => checkDatasetConfig(config, path)).toThrow(message);
  });

  it('a subset larger than a class, found from the labels file alone', () => {
    expect(() => checkDatasetConfig({ kind: 'mnist', dir: join(dir, 'mnist'), subset: { perClass: 7 } }, path)).toThrow(
      /studies\[0\]\.data\.subset\.perClass: expected at most 6, the number of examples of class 0/,
    );
  });
});

describe("a user's dataset kind", () => {
  // The example of DatasetKindEntry's doc comment and the README.
  const constant: DatasetKindEntry<{ kind: 'constant'; size?: number }, { kind: 'constant'; size: number }> = {
    description: 'vectors of width 4, all zeros (class 0) or all ones (class 1), in turn',
    fields: { size: 'examples in the training set, at least 2; default 8' },
    resolve: (config, path) => ({ kind: 'constant', size: checkInteger(`${path}.size`, config.size ?? 8, { min: 2 }) }),
    exampleShape: () => [4],
    numClasses: () => 2,
    evalSetNames: () => ['test'],
    trainGroupSizes: (config) => ({ clean: config.size }),
    build: async (config, context) => {
      const labels = Int32Array.from({ length: config.size }, (_, i) => i % 2);
      const features = Float32Array.from({ length: config.size * 4 }, (_, k) => labels[Math.floor(k / 4)]!);
      const train = createDataset({ name: 'constant', features, exampleShape: [4], labels, numClasses: 2 });
      const stream = trainStream(train, { batchSize: context.batchSize, dropLast: context.dropLast, seed: context.seed });
      return { train: stream, evalSets: { test: train }, numClasses: 2, exampleShape: [4] };
    },
  };
  const registry: DatasetRegistry = withKinds<DatasetKindEntry>(DATASETS, { constant }, 'dataset kind');

  it('is checked and built like a built-in one', async () => {
    const checked = checkDatasetConfig({ kind: 'constant', size: 6 }, 'data', registry);
    expect(checked).toMatchObject({ kind: 'constant', resolved: { kind: 'constant', size: 6 }, exampleShape: [4], trainGroupSizes: { clean: 6 } });
    const data = await buildDataset({ kind: 'constant', size: 6, batchSize: 4 }, 1, {}, registry);
    expect(data.train.batchesPerEpoch).toBe(2);
    expect(data.resolved).toEqual({ kind: 'constant', size: 6, batchSize: 4, dropLast: false });
    expect(resolveDatasetConfig({ kind: 'constant', batchSize: 2 }, 'data', registry)).toEqual({ kind: 'constant', size: 8, batchSize: 2, dropLast: false });
    expect(() => checkDatasetConfig({ kind: 'constant', sise: 6 }, 'data', registry)).toThrow(/data\.sise/);
    // The built-ins are still there, and the default registry has no user kinds.
    expect(checkDatasetConfig({ kind: 'synthetic', variant: 'tiny' }, 'data', registry).exampleShape).toEqual([102]);
    expect(() => checkDatasetConfig({ kind: 'constant' })).toThrow(/data\.kind/);
  });

  it('needs a batch size when it has no default', async () => {
    await expect(buildDataset({ kind: 'constant' }, 1, {}, registry)).rejects.toThrow(/data\.batchSize.*has no default batch size/s);
  });

  it('may not take a built-in name, be a plain function, or lack the facts a study reads', () => {
    expect(() => withKinds<DatasetKindEntry>(DATASETS, { synthetic: constant }, 'dataset kind')).toThrow(ConfigError);
    expect(() => withKinds(DATASETS, { mine: (() => 0) as never }, 'dataset kind')).toThrow(/not a plain function/);
    const { exampleShape: _dropped, ...withoutShape } = constant;
    const bad = withKinds<DatasetKindEntry>(DATASETS, { 'no-shape': withoutShape as never }, 'dataset kind');
    expect(() => checkDatasetConfig({ kind: 'no-shape' }, 'data', bad)).toThrow(/dataset kind "no-shape".*Give dataset kind "no-shape" exampleShape\(config\)/s);
  });

  it('whose build disagrees with its facts is refused before a run plans from them', async () => {
    const lie = { kind: 'liar', size: 4 };
    const liar = withKinds<DatasetKindEntry>(DATASETS, { liar: { ...constant, resolve: () => lie, exampleShape: () => [5] } }, 'dataset kind');
    await expect(buildDataset({ kind: 'liar', batchSize: 2 }, 1, {}, liar)).rejects.toThrow(/exampleShape \[5\] but built \[4\]/);
  });
});

describe('checkDatasetConfig reads headers, never the data', () => {
  it('Fashion-MNIST from the Debian package: facts from the headers and the small label files only', () => {
    const read = jest.spyOn(fs, 'readFileSync');
    try {
      const checked = checkDatasetConfig({ kind: 'fashion-mnist', patch: {} });
      expect(checked).toMatchObject({
        exampleShape: [28, 28, 1],
        numClasses: 10,
        evalSetNames: ['clean', 'mixed', 'patch-only'],
        trainGroupSizes: { clean: 60000 },
        batchGroupNames: ['clean', 'image+patch', 'patch-only'],
      });
      const files = read.mock.calls.map(([file]) => String(file));
      expect(files.every((file) => file.includes('labels'))).toBe(true);
      expect(files.some((file) => file.startsWith(FASHION_MNIST_DEFAULT_DIR))).toBe(true);
    } finally {
      read.mockRestore();
    }
  });

  it('a missing folder or file is the DataError building would throw, and nothing is read', async () => {
    const read = jest.spyOn(fs, 'readFileSync');
    try {
      const missing = { kind: 'fashion-mnist', dir: join(dir, 'nowhere') };
      expect(() => checkDatasetConfig(missing)).toThrow(DataError);
      expect(() => checkDatasetConfig(missing)).toThrow(/nowhere\/train-images-idx3-ubyte\.gz: not found.*Put the four IDX files/s);
      expect(() => checkDatasetConfig({ kind: 'cifar10', dir: join(dir, 'nowhere'), recordsPerFile: 20 })).toThrow(/data_batch_1\.bin: not found/);
      expect(read).not.toHaveBeenCalled();
      await expect(buildDataset({ ...missing, batchSize: 8 }, 1)).rejects.toThrow(DataError);
    } finally {
      read.mockRestore();
    }
    // A CIFAR-10 folder to be downloaded is not checked (a build downloads it).
    expect(checkDatasetConfig({ kind: 'cifar10', dir: join(dir, 'nowhere'), download: true }).trainGroupSizes).toEqual({ clean: 50000 });
  });

  it('a truncated or wrongly sized file is a DataError naming it', () => {
    const broken = join(dir, 'broken');
    writeIdxFolder(broken, { train: 20, test: 10 });
    const images = join(broken, 't10k-images-idx3-ubyte.gz');
    truncateSync(images, statSync(images).size - 9);
    expect(() => checkDatasetConfig({ kind: 'mnist', dir: broken })).toThrow(DataError);
    expect(() => checkDatasetConfig({ kind: 'mnist', dir: broken })).toThrow(/t10k-images-idx3-ubyte\.gz: is not a valid gzip file/);
    const cifar = join(dir, 'cifar-short');
    writeCifarFolder(cifar, 20);
    truncateSync(join(cifar, 'cifar-10-batches-bin', 'test_batch.bin'), 3073 * 19);
    expect(() => checkDatasetConfig({ kind: 'cifar10', dir: cifar, recordsPerFile: 20 })).toThrow(/test_batch\.bin: is truncated: 58387 bytes, expected 61460/);
    writeIdxFolder(join(dir, 'small-images'));
    writeFileSync(join(dir, 'small-images', 'train-images-idx3-ubyte.gz'), gzipSync(idxBytes([60, 14, 14], new Uint8Array(60 * 196))));
    expect(() => checkDatasetConfig({ kind: 'mnist', dir: join(dir, 'small-images') })).toThrow(/holds 14×14 images; expected 28×28/);
  });
});

describe('checkIdxFile', () => {
  const bytes = idxBytes([3, 2, 2], Uint8Array.from({ length: 12 }, (_, i) => i));

  it('reads the shape of plain and gzipped files from their ends, and agrees with parseIdx on bad ones', () => {
    const folder = join(dir, 'idx');
    mkdirSync(folder, { recursive: true });
    const cases: [string, Uint8Array][] = [
      ['plain', bytes],
      ['gzip', gzipSync(bytes)],
      ['two-members', Buffer.concat([gzipSync(bytes.subarray(0, 10)), gzipSync(bytes.subarray(10))])],
      ['short', bytes.subarray(0, bytes.length - 1)],
      ['long', Buffer.concat([bytes, Buffer.of(0)])],
      ['gzip-short', gzipSync(bytes.subarray(0, bytes.length - 2))],
      ['gzip-cut', gzipSync(bytes).subarray(0, 20)],
      ['header-only', bytes.subarray(0, 6)],
    ];
    for (const [name, content] of cases) {
      writeFileSync(join(folder, name), content);
      const file = join(folder, name);
      let expected: unknown;
      try {
        expected = parseIdx(content, file, 'hint').shape;
      } catch (error) {
        expected = error;
      }
      if (expected instanceof Error) expect(() => checkIdxFile(folder, name, 'hint')).toThrow(expected.message);
      else expect(checkIdxFile(folder, name, 'hint')).toEqual({ file, shape: [3, 2, 2] });
    }
  });
});
