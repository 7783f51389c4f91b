/** `report.md` and its plots for a study folder, written atomically. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '@lrlab/experiments';
import { studyFigures, type FigureSpec } from './figures';
import { loadStudy } from './load';
import { renderReport, type CurveTable } from './markdown';
import { renderChartGrid, renderLineChart, writeFigure } from './plots';
import { summarizeStudy, type StudySummary } from './summarize';

/** What {@link writeStudyReport} wrote. */
export interface WrittenReport {
  /** `<study>/report.md`. */
  readonly reportPath: string;
  /** Every figure file (SVG and PNG). */
  readonly figurePaths: readonly string[];
  /** The numbers in the report. */
  readonly summary: StudySummary;
}

/** An accuracy-against-epoch figure as a table (other figures give none). */
function curveTable(figure: FigureSpec): CurveTable[] {
  if (figure.chart.kind !== 'chart' || !figure.name.startsWith('accuracy-')) return [];
  const series = figure.chart.spec.series;
  const epochs = [...new Set(series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  const rows = epochs.map((epoch) => [String(epoch), ...series.map((s) => s.points.find(([x]) => x === epoch)?.[1]?.toFixed(2) ?? '—')]);
  return [{ title: figure.chart.spec.title ?? figure.name, header: ['epoch', ...series.map((s) => s.name)], rows }];
}

/**
 * Reads a study folder back and writes `report.md` and `plots/*.svg|png` into it.
 *
 * @param dir - the study folder
 * @returns the files written and the summary
 */
export async function writeStudyReport(dir: string): Promise<WrittenReport> {
  const recorded = loadStudy(dir);
  const summary = summarizeStudy(recorded);
  const figures = studyFigures(recorded, summary);
  const plotsDir = path.join(dir, 'plots');
  fs.mkdirSync(plotsDir, { recursive: true });
  const figurePaths: string[] = [];
  const written: { file: string; caption: string }[] = [];
  for (const figure of figures) {
    const svg = figure.chart.kind === 'chart' ? renderLineChart(figure.chart.spec) : renderChartGrid(figure.chart.spec);
    const paths = writeFigure(plotsDir, figure.name, svg, {
      write: (file, bytes) => writeFileAtomic(file, bytes),
    });
    figurePaths.push(paths.svg, paths.png);
    written.push({ file: `plots/${figure.name}.png`, caption: figure.caption });
  }
  const reportPath = path.join(dir, 'report.md');
  const tables = recorded.study.report.curveTables ? figures.flatMap(curveTable) : [];
  writeFileAtomic(reportPath, renderReport(summary, written, tables));
  return { reportPath, figurePaths, summary };
}
