import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@lrlab/core';
import { effectiveRuns, expandStudy, runStudy, setPath, writeStudyReport, type StudyConfig } from '../src';
import { tempDir, tinyConfig, tinyStudy } from './helpers';

function sweptStudy(): StudyConfig {
  const base = tinyStudy();
  return {
    ...base,
    name: 'tiny-sweep',
    seeds: [1],
    runs: base.runs.map((r) => ({ ...r, training: { epochs: 4, batchSize: 10 } })),
    baselines: [],
    sweep: { path: 'data.trainSize', values: [30, 50], label: 'N' },
  };
}

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

  it('runs every value and reports per value, with paired comparisons at each value and a metric-against-value plot', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const outcome = await runStudy(sweptStudy(), { outDir: dir });
      expect(outcome.runs).toHaveLength(4);
      const config = JSON.parse(fs.readFileSync(path.join(outcome.dir, 'large--30-seed1', 'config.json'), 'utf8')) as { data: { trainSize: number } };
      expect(config.data.trainSize).toBe(30);
      const written = await writeStudyReport(outcome.dir);
      const report = fs.readFileSync(written.reportPath, 'utf8');
      expect(report).toMatch(/\| large--30 \|/);
      expect(report).toMatch(/\| large--50 − small--50 \|/);
      expect(report).toMatch(/Sweep: `data\.trainSize` ∈ \{30, 50\}/);
      const svg = fs.readFileSync(path.join(outcome.dir, 'plots', 'sweep.svg'), 'utf8');
      expect(svg).toContain('large');
      expect(svg).toContain('>N<');
    } finally {
      cleanup();
    }
  });

  it('sweeps only the listed methods; a fixed method runs once and is compared at every value, with a gap-against-value plot', async () => {
    const study: StudyConfig = { ...sweptStudy(), name: 'tiny-sweep-lr', sweep: { path: 'learningRate', values: [0.2, 0.5], label: 'large LR', methods: ['large'] } };
    expect(effectiveRuns(study).map((r) => r.config.name)).toEqual(['large--0.2', 'large--0.5', 'small']);
    expect(() => effectiveRuns({ ...study, sweep: { ...study.sweep!, methods: ['huge'] } })).toThrow(/sweep\.methods.*unknown: huge/s);
    const { dir, cleanup } = tempDir();
    try {
      const outcome = await runStudy(study, { outDir: dir });
      expect(outcome.runs).toHaveLength(3);
      const written = await writeStudyReport(outcome.dir);
      const report = fs.readFileSync(written.reportPath, 'utf8');
      expect(report).toMatch(/\| large--0\.2 − small \|/);
      expect(report).toMatch(/\| large--0\.5 − small \|/);
      expect(written.figurePaths.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['sweep.svg', 'sweep-gap.svg', 'sweep-gap.png']));
      const gap = fs.readFileSync(path.join(outcome.dir, 'plots', 'sweep-gap.svg'), 'utf8');
      expect(gap).toContain('large − small');
      expect(gap).toContain('>large LR<');
    } finally {
      cleanup();
    }
  });
});
