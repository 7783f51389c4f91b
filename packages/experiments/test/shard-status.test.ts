import * as path from 'node:path';
import { ConfigError } from '@lrlab/core';
import { expandStudy, parseShard, runCli, runStudy, shardRuns, studyStatus } from '../src';
import { capture, tempDir, tinyStudy } from './helpers';

describe('shards and status', () => {
  it('parses k/n and splits the runs into balanced, disjoint slices that cover the study', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1']) expect(() => parseShard(bad)).toThrow(ConfigError);
    const runs = expandStudy(tinyStudy(), 'out');
    const slices = [1, 2, 3, 4].map((index) => shardRuns(runs, { index, count: 4 }).map((r) => r.dir));
    expect(slices.flat().sort()).toEqual(runs.map((r) => r.dir).sort());
    expect(slices.map((s) => s.length)).toEqual([2, 2, 1, 1]);
  });

  it('runs one slice, reports the rest as pending, and finishes with the other slice', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await runStudy(tinyStudy(), { outDir: dir, shard: { index: 1, count: 2 } });
      expect(first.runs.map((r) => path.basename(r.dir))).toEqual(['large-seed1', 'small-seed1', 'linear-seed1']);
      const studyDir = path.join(dir, 'tiny-study');
      const status = studyStatus(studyDir);
      expect(status.map((s) => `${s.id}:${s.status}`)).toEqual([
        'large-seed1:done',
        'large-seed2:pending',
        'small-seed1:done',
        'small-seed2:pending',
        'linear-seed1:done',
        'linear-seed2:pending',
      ]);
      const io = capture();
      expect(await runCli(['status', studyDir], io)).toBe(1);
      expect(io.out.at(-1)).toBe('3 done, 3 pending');
      const rest = capture();
      expect(await runCli(['run', path.join(studyDir, 'study.json'), '--out', dir, '--shard', '2/2'], rest)).toBe(0);
      expect(studyStatus(studyDir).every((s) => s.status === 'done')).toBe(true);
      expect(await runCli(['status', studyDir], capture())).toBe(0);
    } finally {
      cleanup();
    }
  });
});
