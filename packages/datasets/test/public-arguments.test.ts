/**
 * Every public function of the package, called wrongly (missing, null, wrong-typed arguments),
 * throws one of lrlab's typed errors naming the argument — never a raw TypeError.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, LrlabError } from '@lrlab/core';
import * as datasets from '../src';
import { concatDatasets, createDataset, evalBatches, selectGroups, trainStream, buildDataset } from '../src';

const BAD_CALLS: readonly (readonly unknown[])[] = [
  [],
  [undefined],
  [null],
  [7],
  ['nope'],
  [{}],
  [[]],
  [{}, {}],
  [[], []],
  ['nope', 'nope'],
  [{}, -1],
  [7, 7],
  ['nope', [{}]],
  [{ kind: 'synthetic' }, 'nope'],
];

/** Calls it, awaiting promises and draining generators, and returns what it threw (or undefined). */
async function thrown(fn: (...args: unknown[]) => unknown, args: readonly unknown[]): Promise<unknown> {
  try {
    const result = fn(...args);
    if (result instanceof Promise) await result;
    else if (result !== null && typeof result === 'object' && typeof (result as Iterator<unknown>).next === 'function' && Symbol.iterator in result) {
      for (const _ of result as Iterable<unknown>) break;
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('public functions called wrongly', () => {
  const cwd = process.cwd();
  let scratch: string;
  // Some functions take paths: a wrong call must not write into the repository.
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'lrlab-arguments-'));
    process.chdir(scratch);
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(scratch, { recursive: true, force: true });
  });

  const functions = Object.entries(datasets).filter(([name, value]) => typeof value === 'function' && name !== 'downloadFile');

  it.each(functions)('%s throws typed errors, never a TypeError', async (_name, fn) => {
    for (const args of BAD_CALLS) {
      const error = await thrown(fn as (...args: unknown[]) => unknown, args);
      if (error !== undefined && !(error instanceof LrlabError)) {
        throw new Error(`${_name}(${args.map((a) => JSON.stringify(a)).join(', ')}) threw ${String(error)}`);
      }
    }
  });

  it.each(Object.entries(datasets.DATASETS))('DATASETS[%s].resolve on a non-object throws a ConfigError naming the path', (_kind, entry) => {
    for (const config of [undefined, null, 7, 'nope', []]) {
      expect(() => entry.resolve(config as never, 'data')).toThrow(ConfigError);
    }
  });

  it('the calls of issue 19: concatDatasets without a name, evalBatches of nothing, and friends', () => {
    const ds = createDataset({ name: 'toy', features: new Float32Array(4), exampleShape: [2], labels: new Int32Array([0, 1]), numClasses: 2 });
    expect(() => concatDatasets([ds, ds] as never, undefined as never)).toThrow(/Invalid name: expected a string.*the name comes first/s);
    expect(() => concatDatasets('both', ds as never)).toThrow(/Invalid datasets: expected an array of datasets/);
    expect(() => concatDatasets('both', [ds, { name: 'fake' } as never])).toThrow(/Invalid datasets\[1\]\.features/);
    expect(() => evalBatches(undefined as never, 10)).toThrow(/Invalid dataset/);
    expect(() => evalBatches(ds, 0)).toThrow(/Invalid batchSize/);
    expect(() => trainStream(ds, undefined as never)).toThrow(/Invalid options/);
    expect(() => trainStream(ds, { batchSize: 1, seed: 1, transforms: [() => 0] as never })).toThrow(/Invalid transforms\[0\]/);
    expect(() => selectGroups(ds, 'clean' as never)).toThrow(/Invalid groups: expected an array/);
    return expect(buildDataset({ kind: 'synthetic', variant: 'tiny' }, 1, 'fast' as never)).rejects.toThrow(/Invalid options/);
  });
});
