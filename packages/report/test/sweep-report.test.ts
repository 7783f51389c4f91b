/** A swept study's report: per value, paired comparisons at each value, and plots against the value. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { effectiveRuns, runStudy, type StudyConfig } from '@lrlab/experiments';
import { sweptStudy, tempDir } from '../../../tools/testing/fixtures';
import { loadStudy, studyFigures, writeStudyReport } from '../src';

describe('sweep reports', () => {
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
      // No baselines here, so no caption speaks of them; the sweep marks each value it ran.
      const figures = studyFigures(loadStudy(outcome.dir));
      const captions = figures.filter((f) => f.name.startsWith('accuracy-')).map((f) => f.caption);
      expect(captions).toHaveLength(2);
      for (const caption of captions) expect(caption).not.toMatch(/baseline/);
      expect(captions[0]).toMatch(/^a-only test accuracy \(%\) against epoch\.$/); // one seed: no band, no mean
      const symbols = [...svg.matchAll(/<g class="series-markers">(.*?)<\/g>/g)].flatMap((m) => m[1]!.match(/class="series-marker"/g)!);
      expect(symbols).toHaveLength(2 * 2 * 4); // 2 methods × 2 values × 4 group panels
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
