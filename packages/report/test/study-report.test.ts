import * as fs from 'node:fs';
import * as path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { runStudy } from '@lrlab/experiments';
import { tempDir, tinyStudy } from '../../../tools/testing/fixtures';
import { loadStudy, renderLineChart, studyFigures, writeStudyReport, type FigureSpec, type LineChartSpec } from '../src';
import { checkChartSpec } from '../src/plots/check-spec';
import { layoutChart } from '../src/plots/layout';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('a study and its report', () => {
  let root: ReturnType<typeof tempDir>;
  beforeAll(() => {
    root = tempDir();
  });
  afterAll(() => root.cleanup());

  it('runs methods × seeds and baselines into one folder each, then skips them all on a re-run', async () => {
    const outcome = await runStudy(tinyStudy(), { outDir: root.dir });
    expect(outcome.runs.map((r) => `${r.run}-seed${r.seed}:${r.outcome.status}`)).toEqual([
      'large-seed1:finished',
      'large-seed2:finished',
      'small-seed1:finished',
      'small-seed2:finished',
      'linear-seed1:finished',
      'linear-seed2:finished',
    ]);
    const again = await runStudy(tinyStudy(), { outDir: root.dir });
    expect(again.runs.every((r) => r.outcome.status === 'skipped')).toBe(true);
    await expect(runStudy({ ...tinyStudy(), seeds: [1, 2, 3] }, { outDir: root.dir })).rejects.toThrow(/holds a different one/);
  });

  it('refuses a study without a usable report before anything trains, naming the field', async () => {
    const { report: _report, ...noReport } = tinyStudy();
    const out = path.join(root.dir, 'no-report');
    await expect(runStudy(noReport as ReturnType<typeof tinyStudy>, { outDir: out })).rejects.toThrow(/Invalid report: expected an object with primarySet/);
    await expect(runStudy({ ...tinyStudy(), report: { ...tinyStudy().report, curves: undefined as never } }, { outDir: out })).rejects.toThrow(/Invalid report\.curves: expected a list/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('writes report.md with per-group results, paired differences, learning order and valid plots', async () => {
    const dir = path.join(root.dir, 'tiny-study');
    const written = await writeStudyReport(dir);
    const report = fs.readFileSync(written.reportPath, 'utf8');
    expect(report).toMatch(/^# tiny-study/);
    expect(report).toMatch(/\| run \| a-only \| b-only \| both \| overall \|/);
    expect(report).toMatch(/\| large \| \d+\.\d\d ± \d+\.\d\d \|/);
    expect(report).toMatch(/\| linear \(baseline\) \|/);
    expect(report).toMatch(/\| large − small \| -?\d+\.\d\d \[-?\d+\.\d\d, -?\d+\.\d\d\] \|/);
    expect(report).toMatch(/B-only train accuracy ≥ 90%/);
    expect(report).toMatch(/!\[.*\]\(plots\/accuracy-test-a-only\.png\)/);

    const svgFile = path.join(dir, 'plots', 'accuracy-test-a-only.svg');
    const svg = fs.readFileSync(svgFile, 'utf8');
    expect(svg).toMatch(/^(<\?xml[^>]*\?>\s*)?<svg[\s\S]*<\/svg>\s*$/);
    for (const series of ['large (n=2)', 'small (n=2)', 'anneal', 'linear']) expect(svg).toContain(series);
    expect(() => new Resvg(svg)).not.toThrow();
    for (const name of ['accuracy-test-a-only', 'accuracy-train-b-only', 'schedules']) {
      const png = fs.readFileSync(path.join(dir, 'plots', `${name}.png`));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.readUInt32BE(16)).toBeGreaterThan(100); // IHDR width
    }
    expect(fs.readFileSync(path.join(dir, 'plots', 'schedules.svg'), 'utf8')).toContain('learning rate');

    const large = written.summary.finalAccuracy.find((f) => f.run === 'large' && f.group === 'overall');
    expect(large?.summary?.n).toBe(2);
    expect(Object.keys(large?.bySeed ?? {})).toEqual(['1', '2']);
    expect(report).not.toContain('## Curves as tables');

    // What each run cost, from the manifests: one row per finished run folder, then the sum.
    const costs = written.summary.costs;
    expect(costs.map((c) => c.folder)).toEqual(['large-seed1', 'large-seed2', 'small-seed1', 'small-seed2', 'linear-seed1', 'linear-seed2']);
    for (const { cost } of costs) {
      expect(cost.steps).toBeGreaterThan(0);
      expect(cost.trainingSeconds).toBeGreaterThan(0);
      expect(cost.evaluationSeconds).toBeLessThanOrEqual(cost.trainingSeconds!);
      expect(typeof cost.backend).toBe('string');
    }
    const section = report.slice(report.indexOf('## What each run cost'));
    expect(section).toMatch(/\| run \| backend \| CPU \| steps \| wall time \(s\) \| of it evaluating \(s\) \|/);
    expect(section).toMatch(new RegExp(`\\| \`large-seed1\` \\| ${costs[0]!.cost.backend}(, \\d+ threads?)? \\| .+ \\| ${costs[0]!.cost.steps} \\| \\d`));
    // These runs trained in lockstep batches: each row names its batch, and no sum adds a batch's time up twice.
    expect(section).toContain('(a batch of 4)');
    expect(section).not.toContain('**all runs**');
  });

  it('names an unfinished run by its folder, the same wherever the study folder lies', async () => {
    const copy = path.join(root.dir, 'moved', 'tiny-study');
    fs.cpSync(path.join(root.dir, 'tiny-study'), copy, { recursive: true });
    const manifestFile = path.join(copy, 'large-seed2', 'manifest.json');
    fs.writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifestFile, 'utf8')), status: 'running' }));
    const written = await writeStudyReport(copy);
    expect(fs.readFileSync(written.reportPath, 'utf8')).toContain('**Incomplete runs** (not in the numbers below): `large-seed2`.');
    expect(written.summary.costs.map((c) => c.folder)).not.toContain('large-seed2');
  });

  it('fits the figures to the data: accuracy padded within 0–100%, x ending at the last epoch, a colour and dash per method, schedules as steps', () => {
    const figures = studyFigures(loadStudy(path.join(root.dir, 'tiny-study')));
    const chartOf = (name: string): LineChartSpec => {
      const figure = figures.find((f) => f.name === name) as FigureSpec & { chart: { kind: 'chart' } };
      return figure.chart.spec;
    };
    const accuracy = chartOf('accuracy-test-a-only');
    expect(accuracy.y).toMatchObject({ bounds: [0, 100] });
    expect(accuracy.y?.domain).toBeUndefined();
    const values = [
      ...accuracy.series.flatMap((s) => [...s.points.map(([, y]) => y), ...(s.band?.lower ?? []), ...(s.band?.upper ?? [])]),
      ...(accuracy.referenceLines ?? []).map((r) => r.y),
    ];
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const layout = layoutChart(checkChartSpec(accuracy));
    expect(layout.y.domain[0]).toBeCloseTo(Math.max(0, lo - 0.05 * (hi - lo)), 9);
    expect(layout.y.domain[1]).toBeCloseTo(Math.min(100, hi + 0.05 * (hi - lo)), 9);
    expect(layout.x.domain).toEqual([0, 6]); // the runs' last evaluation
    expect(new Set(accuracy.series.map((s) => `${s.color} ${s.lineStyle}`)).size).toBe(2);
    expect(new Set(accuracy.series.map((s) => s.lineStyle)).size).toBe(2);
    expect(figures.find((f) => f.name === 'accuracy-test-a-only')!.caption).toMatch(/dotted line is the baseline's final accuracy/);

    // The multi-step learning rate and the σ that follows it are drawn as steps, jumping at the anneal (epoch 4).
    const schedules = figures.find((f) => f.name === 'schedules')!;
    if (schedules.chart.kind !== 'grid') throw new Error('schedules: expected a grid');
    const [lr, sigma] = schedules.chart.spec.charts as [LineChartSpec, LineChartSpec];
    expect(lr.series.map((s) => [s.name, s.step])).toEqual([['large', 'pre'], ['small', 'pre']]);
    expect(sigma.series.map((s) => s.color)).toEqual(lr.series.map((s) => s.color)); // a method looks the same in every panel
    const svg = renderLineChart(lr);
    const frame = svg.match(/<rect class="frame" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/)!.slice(1).map(Number) as [number, number];
    const large = svg.match(/<path class="series" d="([^"]*)"/)![1]!.slice(1).split('L').map((pair) => pair.split(' ').map(Number));
    const jumps = large.slice(1).filter(([x, y], i) => x === large[i]![0] && y !== large[i]![1]).map(([x]) => x);
    expect(jumps).toEqual([expect.closeTo(frame[0] + (4 / 6) * frame[1], 1)]);
  });

  it('prints each accuracy curve as a table when the study asks (curveTables), the figure\'s values', async () => {
    const dir = path.join(root.dir, 'tiny-study');
    const studyFile = path.join(dir, 'study.json');
    const study = JSON.parse(fs.readFileSync(studyFile, 'utf8')) as { report: object };
    fs.writeFileSync(studyFile, JSON.stringify({ ...study, report: { ...study.report, curveTables: true } }));
    const report = fs.readFileSync((await writeStudyReport(dir)).reportPath, 'utf8');
    const section = report.slice(report.indexOf('## Curves as tables'));
    expect(section).toMatch(/\*\*a-only — test accuracy\*\*|\*\*[^*]*a-only[^*]*\*\*/);
    expect(section).toMatch(/\| epoch \| large \(n=2\) \| small \(n=2\) \|/);
    expect(section).toMatch(/\| 0 \| \d+\.\d\d \| \d+\.\d\d \|/);
    fs.writeFileSync(studyFile, JSON.stringify(study));
  });
});
