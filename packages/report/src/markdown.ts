/** Renders a study summary as `report.md`: results first, then how they were obtained. */
import type { SeedSummary } from '@lrlab/metrics';
import { effectiveRuns } from '@lrlab/experiments';
import { OVERALL } from './series';
import type { RunCost } from './load';
import type { StudySummary } from './summarize';

/** A curve figure as a table: one row per evaluation epoch, one column per line. */
export interface CurveTable {
  /** What the table shows. */
  readonly title: string;
  /** `epoch` then the lines' names. */
  readonly header: readonly string[];
  /** One row per epoch. */
  readonly rows: readonly (readonly string[])[];
}

const pct = (value: number): string => (100 * value).toFixed(2);

function meanCi(summary: SeedSummary | undefined): string {
  if (!summary) return '—';
  return summary.ci ? `${pct(summary.mean)} ± ${pct(summary.ci.halfWidth)}` : `${pct(summary.mean)} (n = 1)`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function epochList(values: readonly (number | null)[]): string {
  if (values.length === 0) return '—';
  return values.map((v) => (v === null ? 'never' : String(Math.round(v * 100) / 100))).join(', ');
}

/**
 * The report's markdown.
 *
 * @param summary - the study's numbers
 * @param figures - figure files (relative to the report) with captions, in order
 * @param curveTables - curves printed as tables (when the study asks for them)
 * @returns the markdown text
 */
export function renderReport(
  summary: StudySummary,
  figures: readonly { readonly file: string; readonly caption: string }[],
  curveTables: readonly CurveTable[] = [],
): string {
  const { study } = summary;
  const out: string[] = [];
  out.push(`# ${study.name}`, '', study.description, '');
  out.push(`Seeds: ${study.seeds.join(', ')}. Values are means over seeds ± the half-width of a 95% Student-t interval.`, '');
  if (summary.incomplete.length > 0) {
    out.push(`**Incomplete runs** (not in the numbers below): ${summary.incomplete.map((d) => `\`${d}\``).join(', ')}.`, '');
  }

  out.push(`## Final accuracy on \`${study.report.primarySet}\` (%)`, '');
  const groups = summary.groups;
  const runs = effectiveRuns(study);
  const rows = runs.map(({ config, role }) => {
    const cells = groups.map((group) => meanCi(summary.finalAccuracy.find((f) => f.run === config.name && f.group === group)?.summary));
    const baseline = role === 'baseline' ? ' (baseline)' : '';
    return [`${config.name}${baseline}`, ...cells];
  });
  out.push(table(['run', ...groups.map((g) => (g === OVERALL ? 'overall' : g))], rows), '');
  const weights = study.report.groupWeights;
  if (weights) {
    out.push(`"overall" weights the groups ${Object.entries(weights).map(([g, w]) => `${g} ${w}`).join(', ')}.`, '');
  }

  if (summary.comparisons.length > 0) {
    out.push('## Paired differences (percentage points, same seeds)', '');
    const header = ['a − b', ...groups.map((g) => (g === OVERALL ? 'overall' : g))];
    const compared = summary.comparisons.filter((c, i, all) => all.findIndex((x) => x.a === c.a && x.b === c.b) === i);
    const pairs = compared.map(({ a, b }) => {
      const cells = groups.map((group) => {
        const c = summary.comparisons.find((x) => x.a === a && x.b === b && x.group === group)?.comparison;
        if (!c) return '—';
        const ci = c.ci ? ` [${pct(c.ci.low)}, ${pct(c.ci.high)}]` : '';
        return `${pct(c.meanDifference)}${ci}`;
      });
      return [`${a} − ${b}`, ...cells];
    });
    out.push(table(header, pairs), '', 'Brackets: the 95% t interval of the mean difference; an interval above 0 means `a` is better on every reasonable reading.', '');
  }

  if (summary.learning.length > 0) {
    out.push('## Learning order', '', 'First evaluation (in epochs) at which each run met each threshold, per seed.', '');
    const specs = study.report.learningOrder;
    const lrows = specs.flatMap((spec) =>
      runs.filter((r) => r.role === 'method').map(({ config }) => {
        const time = summary.learning.find((l) => l.run === config.name && l.spec === spec);
        const values = time ? Object.values(time.epochBySeed) : [];
        const event = time?.eventEpoch;
        return [spec.label, config.name, epochList(values), event === undefined ? '—' : String(event)];
      }),
    );
    out.push(table(['threshold', 'run', 'epoch reached (per seed)', 'anneal epoch'], lrows), '');
  }

  if (study.report.paper) {
    out.push(`## The paper's numbers (${study.report.paper.source})`, '');
    const prow = study.report.paper.numbers.map((n) => {
      const ours = summary.finalAccuracy.find((f) => f.run === n.run && f.group === n.group)?.summary;
      return [n.run, n.label, pct(n.value), meanCi(ours)];
    });
    out.push(table(['run', 'measure', 'paper (%)', 'ours (%)'], prow), '');
  }

  if (figures.length > 0) {
    out.push('## Figures', '');
    for (const figure of figures) out.push(`![${figure.caption}](${figure.file})`, '', `*${figure.caption}*`, '');
  }
  for (const note of study.report.notes ?? []) out.push(`> ${note}`, '');
  if (curveTables.length > 0) {
    out.push('## Curves as tables', '', 'Mean over seeds at each evaluation (%), the values the figures draw.', '');
    for (const t of curveTables) out.push(`**${t.title}**`, '', table(t.header, t.rows), '');
  }
  if (study.sweep) out.push(`Sweep: \`${study.sweep.path}\` ∈ {${study.sweep.values.map((v) => JSON.stringify(v)).join(', ')}}; a run \`<name>--<value>\` has that value.`, '');
  out.push('## Runs', '', ...runs.map(({ config }) => `- \`${config.name}\`: ${config.description ?? ''}`), '');
  out.push(...costSection(summary.costs));
  return `${out.join('\n').trimEnd()}\n`;
}

const secondsText = (seconds: number | undefined): string => (seconds === undefined ? '—' : seconds.toFixed(seconds < 10 ? 1 : 0));

/** What each finished run cost: backend, CPU, steps and seconds, from the manifests (none: no section). */
function costSection(costs: StudySummary['costs']): string[] {
  if (costs.length === 0) return [];
  const rows = costs.map(({ folder, cost }) => [
    `\`${folder}\``,
    cost.backend === undefined ? '—' : `${cost.backend}${cost.threads === undefined ? '' : `, ${cost.threads} thread${cost.threads === 1 ? '' : 's'}`}`,
    cost.cpuModel ?? '—',
    cost.steps === undefined ? '—' : String(cost.steps),
    `${secondsText(cost.trainingSeconds)}${cost.lockstepRuns !== undefined && cost.lockstepRuns > 1 ? ` (a batch of ${cost.lockstepRuns})` : ''}`,
    secondsText(cost.evaluationSeconds),
  ]);
  const sum = (pick: (c: RunCost) => number | undefined): number | undefined => {
    const values = costs.map(({ cost }) => pick(cost));
    return values.every((v) => v !== undefined) ? values.reduce((a: number, v) => a + v!, 0) : undefined;
  };
  const batched = costs.some(({ cost }) => cost.lockstepRuns !== undefined && cost.lockstepRuns > 1);
  const total = batched ? [] : [['**all runs**', '', '', '', `**${secondsText(sum((c) => c.trainingSeconds))}**`, `**${secondsText(sum((c) => c.evaluationSeconds))}**`]];
  return [
    '## What each run cost',
    '',
    'Wall-clock time from each run\'s manifest, on the machine it names: training with its evaluations, and the evaluations apart (a resumed run counts its last segment).',
    '',
    table(['run', 'backend', 'CPU', 'steps', 'wall time (s)', 'of it evaluating (s)'], [...rows, ...total]),
    '',
  ];
}
