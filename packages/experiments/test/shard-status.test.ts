import { ConfigError } from '@lrlab/core';
import { expandStudy, parseShard } from '../src';
import { shardRuns } from '../src/study/shard';
import { tinyStudy } from '../../../tools/testing/fixtures';

describe('shards and status', () => {
  it('parses k/n and splits the runs into balanced, disjoint slices that cover the study', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1']) expect(() => parseShard(bad)).toThrow(ConfigError);
    const runs = expandStudy(tinyStudy(), 'out');
    const slices = [1, 2, 3, 4].map((index) => shardRuns(runs, { index, count: 4 }).map((r) => r.dir));
    expect(slices.flat().sort()).toEqual(runs.map((r) => r.dir).sort());
    expect(slices.map((s) => s.length)).toEqual([2, 2, 1, 1]);
  });
});
