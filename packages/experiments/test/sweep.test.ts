import * as path from 'node:path';
import { ConfigError } from '@lrlab/core';
import { effectiveRuns, expandStudy } from '../src';
import { setPath } from '../src/study/sweep';
import { sweptStudy, tinyConfig } from '../../../tools/testing/fixtures';

describe('sweeps', () => {
  it('set one field per value, name runs <run>--<value>, and keep every other field', () => {
    const config = tinyConfig();
    expect(setPath(config, 'learningRate', 0.5).learningRate).toBe(0.5);
    expect(setPath(config, 'data.trainSize', 30).data).toMatchObject({ kind: 'synthetic', variant: 'tiny', trainSize: 30 });
    expect(config.data).not.toHaveProperty('trainSize');
    expect(() => setPath(config, 'optimizer.momentum', 0.9)).toThrow(ConfigError); // no optimizer object in this config
    const runs = effectiveRuns(sweptStudy());
    expect(runs.map((r) => r.config.name)).toEqual(['large--30', 'large--50', 'small--30', 'small--50']);
    expect(runs.map((r) => r.sweepValue)).toEqual([30, 50, 30, 50]);
    expect(expandStudy(sweptStudy(), 'out').map((r) => path.basename(r.dir))).toEqual(['large--30-seed1', 'large--50-seed1', 'small--30-seed1', 'small--50-seed1']);
  });
});
