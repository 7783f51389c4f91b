import { ConfigError } from '@lrlab/core';
import {
  classCounts,
  concatDatasets,
  createDataset,
  firstPerClass,
  groupCounts,
  seededPerClass,
  seededSubset,
  selectGroups,
  subsetIndices,
  type LabeledDataset,
} from '../src';

/** 30 examples of 1 feature (value = index), label i % 3, group a/b/c by i % 5 < 2, < 4, else. */
const data: LabeledDataset = createDataset({
  name: 'toy',
  features: Float32Array.from({ length: 30 }, (_, i) => i),
  exampleShape: [1],
  labels: Int32Array.from({ length: 30 }, (_, i) => i % 3),
  groups: Uint8Array.from({ length: 30 }, (_, i) => (i % 5 < 2 ? 0 : i % 5 < 4 ? 1 : 2)),
  groupNames: ['a-only', 'b-only', 'both'],
  numClasses: 3,
});

describe('createDataset', () => {
  it('derives size and example size and freezes the result', () => {
    expect([data.size, data.exampleSize]).toEqual([30, 1]);
    expect(Object.isFrozen(data)).toBe(true);
    expect(groupCounts(data)).toEqual({ 'a-only': 12, 'b-only': 12, both: 6 });
    expect(classCounts(data.labels, 3)).toEqual([10, 10, 10]);
    const plain = createDataset({ name: 'p', features: new Float32Array(4), exampleShape: [2, 1, 1], labels: new Int32Array(2), numClasses: 1 });
    expect(plain.groupNames).toEqual(['clean']);
    expect(Array.from(plain.groups)).toEqual([0, 0]);
  });

  it('rejects parts that disagree', () => {
    const base = { name: 'bad', features: new Float32Array(4), exampleShape: [2], labels: new Int32Array(2), numClasses: 2 };
    expect(() => createDataset({ ...base, features: new Float32Array(5) })).toThrow(/bad\.features\.length/);
    expect(() => createDataset({ ...base, labels: Int32Array.of(0, 2) })).toThrow(/bad\.labels\[1\]/);
    expect(() => createDataset({ ...base, groups: Uint8Array.of(0, 1) })).toThrow(/bad\.groups\[1\]/);
    expect(() => createDataset({ ...base, exampleShape: [0] })).toThrow(ConfigError);
    expect(() => createDataset({ ...base, classNames: ['one'] })).toThrow(/classNames/);
  });
});

describe('views', () => {
  it('selectGroups keeps the examples of the named groups in order, with the same group names', () => {
    const aOnly = selectGroups(data, ['a-only']);
    expect(Array.from(aOnly.features)).toEqual([0, 1, 5, 6, 10, 11, 15, 16, 20, 21, 25, 26]);
    expect(aOnly.groupNames).toEqual(data.groupNames);
    expect(groupCounts(selectGroups(data, ['b-only', 'both']))).toEqual({ 'a-only': 0, 'b-only': 12, both: 6 });
    expect(() => selectGroups(data, ['clean'])).toThrow(/groups\[0\]/);
  });

  it('subsetIndices copies rows in the given order', () => {
    const sub = subsetIndices(data, [29, 3, 3]);
    expect(Array.from(sub.features)).toEqual([29, 3, 3]);
    expect(Array.from(sub.labels)).toEqual([2, 0, 0]);
    expect(() => subsetIndices(data, [30])).toThrow(/indices\[0\]/);
  });

  it('firstPerClass takes the first n of each class in order', () => {
    expect(Array.from(firstPerClass(data, 2).features)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => firstPerClass(data, 11)).toThrow(/at most 10/);
  });

  it('seededPerClass and seededSubset are balanced, sorted and a pure function of the seed', () => {
    const a = seededPerClass(data, 4, 7);
    expect(classCounts(a.labels, 3)).toEqual([4, 4, 4]);
    const values = Array.from(a.features);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(seededPerClass(data, 4, 7).features).toEqual(a.features);
    expect(seededPerClass(data, 4, 8).features).not.toEqual(a.features);
    const s = seededSubset(data, 12, 7);
    expect(s.size).toBe(12);
    expect(new Set(s.features).size).toBe(12);
    expect(seededSubset(data, 12, 7).features).toEqual(s.features);
    expect(() => seededSubset(data, 31, 7)).toThrow(/size/);
  });

  it('concatDatasets merges group names and keeps each example’s group', () => {
    const a = selectGroups(data, ['a-only']);
    const other = createDataset({
      name: 'other',
      features: Float32Array.of(100, 101),
      exampleShape: [1],
      labels: Int32Array.of(0, 1),
      groups: Uint8Array.of(0, 1),
      groupNames: ['both', 'extra'],
      numClasses: 3,
    });
    const joined = concatDatasets('joined', [a, other]);
    expect(joined.size).toBe(14);
    expect(joined.groupNames).toEqual(['a-only', 'b-only', 'both', 'extra']);
    expect(Array.from(joined.groups.slice(12))).toEqual([2, 3]);
    expect(Array.from(joined.features.slice(11))).toEqual([26, 100, 101]);
    expect(() => concatDatasets('x', [])).toThrow(ConfigError);
    const wide = createDataset({ name: 'wide', features: new Float32Array(2), exampleShape: [2], labels: Int32Array.of(0), numClasses: 3 });
    expect(() => concatDatasets('x', [a, wide])).toThrow(/exampleShape/);
  });
});
