/**
 * Runs a study: validates every run first (nothing is written when one is bad), then trains each
 * (run, seed) into its folder — skipping finished ones and resuming partial ones — and writes the
 * report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@lrlab/core';
import { checkRun, type CheckedRun } from '../assemble/build-run';
import { createProgress, silentProgress, type ProgressSink, type ProgressStream, type StepProgress } from '../progress/progress';
import { writeJsonAtomic } from '../record/atomic';
import { STUDY_FILE } from './study-file';
import type { RunOutcome } from '../run';
import { openRunSession } from '../run-session';
import { lockstepGroups, type LockstepMode } from './lockstep-groups';
import { trainGroup, type GroupMember } from './run-group';
import { BUILT_IN_KINDS, kindsWithPlugins, type RunKinds } from '../plugins/kinds';
import { loadPlugins } from '../plugins/load-plugins';
import { expandStudy } from './expand';
import { shardRuns, type Shard } from './shard';
import type { StudyConfig, StudyRun } from './types';

/** Options of {@link runStudy}. */
export interface RunStudyOptions {
  /** The output root; the study goes to `<outDir>/<study.name>/`. */
  readonly outDir: string;
  /**
   * Where the progress display goes. Default: a one-line bar on standard error when it is a
   * terminal, nothing otherwise (pass `silentProgress` to turn the bar off, or `createProgress`
   * with another stream).
   */
  readonly progress?: ProgressSink;
  /**
   * Called as the study moves: each run's start, every training step, and each run's end. Runs
   * trained in lockstep start together and their step events interleave (each event names its run).
   */
  readonly onProgress?: (event: StudyProgress) => void;
  /** Run only this slice of the study's runs (`--shard k/n`). */
  readonly shard?: Shard;
  /**
   * Resume partial runs even on a runtime whose results can differ from the one they trained on
   * (`--allow-runtime-change`; see `RunExperimentOptions.allowRuntimeChange`). Default false.
   */
  readonly allowRuntimeChange?: boolean;
  /** The folder the study's `plugins` paths are relative to (the study file's); default the working directory. */
  readonly studyDir?: string;
  /** Resume partial runs although a plugin file changed (`--allow-plugin-change`). Default false. */
  readonly allowPluginChange?: boolean;
  /**
   * Train runs of one shape as one computation (`--lockstep`): `auto` (default) on the backends
   * where each run's records are byte-identical to the run alone (blas, cpu), `on` on any
   * backend, `off` never. Folders, resumes and shards are the same either way.
   */
  readonly lockstep?: LockstepMode;
}

/** Where a study stands, as {@link RunStudyOptions.onProgress} receives it. */
export interface StudyProgress {
  /** `start` before a run trains, `step` after each of its steps, `end` when it has ended. */
  readonly event: 'start' | 'step' | 'end';
  /** The 0-based position of the run in this (shard of the) study. */
  readonly index: number;
  /** How many runs this (shard of the) study has. */
  readonly count: number;
  /** The run (method or baseline) name. */
  readonly run: string;
  /** The seed. */
  readonly seed: number;
  /** The step that just finished (`step` events). */
  readonly step?: StepProgress;
  /** How the run ended (`end` events). */
  readonly outcome?: RunOutcome;
}

/**
 * The progress display a study uses when none is given: a bar on `stream` when it is a terminal,
 * nothing otherwise (a log or a pipe gets no redrawn lines).
 *
 * @param stream - where it would draw; default standard error
 * @returns the sink
 */
export function defaultStudyProgress(stream: ProgressStream = process.stderr): ProgressSink {
  return stream.isTTY === true ? createProgress({ stream }) : silentProgress;
}

/** The result of a study. */
export interface StudyOutcome {
  /** The study folder. */
  readonly dir: string;
  /** Every (run, seed) with how it ended. */
  readonly runs: readonly StudyRunOutcome[];
}

/** One (run, seed) of a study and how it ended. */
export interface StudyRunOutcome extends CheckedStudyRun {
  /** How the run ended. */
  readonly outcome: RunOutcome;
}

/** One (run, seed) of a study, checked: its config parsed and resolved once, its data's files checked. */
export interface CheckedStudyRun extends StudyRun {
  /** The checked run, which `runStudy` trains from without parsing or resolving it again. */
  readonly checked: CheckedRun;
}

/**
 * Checks every (run, seed) of a study against its data, without building the data or writing
 * anything: each config is parsed and resolved here, once.
 *
 * @param study - the study
 * @param outDir - the output root
 * @param kinds - the kinds its runs may name (the built-in ones and its plugins'); default built-in
 * @returns the expanded runs, each with its checked config
 * @throws InvalidConfigError for the first run whose config is bad (named in the message)
 */
export async function validateStudy(study: StudyConfig, outDir: string, kinds: RunKinds = BUILT_IN_KINDS): Promise<CheckedStudyRun[]> {
  checkReportSpec(study);
  return expandStudy(study, outDir).map((run) => ({ ...run, checked: checkRun(run.config, `${study.name}/${run.run}`, kinds) }));
}

/**
 * Checks the shape of a study's `report` before anything trains: without it the report, written
 * after the last run, would fail only then.
 */
function checkReportSpec(study: StudyConfig): void {
  const report: unknown = study.report;
  const expected = 'an object with primarySet (an eval set name), comparisons, learningOrder and curves (lists, possibly empty)';
  const hint = 'Add a "report" to the study, e.g. { "primarySet": "test", "comparisons": [], "learningOrder": [], "curves": [] } (docs/guides/new-study.md).';
  if (typeof report !== 'object' || report === null || Array.isArray(report)) throw new ConfigError('report', report, expected, hint);
  const spec = report as Record<string, unknown>;
  if (typeof spec['primarySet'] !== 'string' || spec['primarySet'] === '') throw new ConfigError('report.primarySet', spec['primarySet'], 'an eval set name such as "test"', hint);
  for (const field of ['comparisons', 'learningOrder', 'curves']) {
    if (!Array.isArray(spec[field])) throw new ConfigError(`report.${field}`, spec[field], 'a list (possibly empty)', hint);
  }
}

/**
 * Runs every (run, seed) of a study in order; each is skipped when finished and resumed when
 * partial, so re-running a killed study continues where it stopped. A partial run resumes on the
 * runtime it trained on, or not at all unless `allowRuntimeChange` is set (see `runExperiment`).
 *
 * @param study - the study
 * @param options - output root, progress, shard and whether a runtime change is allowed
 * @returns the study folder and each run's outcome
 * @throws ConfigError when the folder holds a different study; RuntimeChangeError when a partial
 *   run would resume on another runtime; any run's error other than a divergence (later runs do
 *   not start). A diverged run is reported in the outcome.
 */
export async function runStudy(study: StudyConfig, options: RunStudyOptions): Promise<StudyOutcome> {
  const display = options.progress ?? defaultStudyProgress();
  const plugins = await loadPlugins(study.plugins ?? [], options.studyDir ?? process.cwd());
  const all = await validateStudy(study, options.outDir, kindsWithPlugins(plugins));
  const runs = options.shard ? shardRuns(all, options.shard) : all;
  const dir = path.join(options.outDir, study.name);
  const studyFile = path.join(dir, STUDY_FILE);
  if (fs.existsSync(studyFile)) {
    const existing = fs.readFileSync(studyFile, 'utf8');
    if (!sameJson(existing, study)) {
      throw new ConfigError(
        'out',
        dir,
        `a folder for this study definition (${studyFile} holds a different one)`,
        'Choose another --out, or delete the folder to start the study again.',
      );
    }
  } else {
    fs.mkdirSync(dir, { recursive: true });
    writeJsonAtomic(studyFile, study);
  }
  const done: (StudyRunOutcome | undefined)[] = runs.map(() => undefined);
  const mode = options.lockstep ?? 'auto';
  const groups = mode === 'off' ? runs.map((_, i) => [i]) : lockstepGroups(runs);
  const started = new Set<number>();
  for (const group of groups) {
    const members = group.map((i): GroupMember => {
      const run = runs[i]!;
      const where = { index: i, count: runs.length, run: run.run, seed: run.seed };
      const progress = withCallback(display, options.onProgress, where);
      return {
        open: () => {
          progress.note(`[${i + 1}/${runs.length}] ${run.run} seed ${run.seed} → ${run.dir}`);
          return openRunSession(run.checked, {
            dir: run.dir,
            progress,
            source: `${study.name}/${run.run}`,
            allowRuntimeChange: options.allowRuntimeChange ?? false,
            allowPluginChange: options.allowPluginChange ?? false,
            plugins,
          });
        },
        onStart: () => {
          started.add(i);
          options.onProgress?.({ event: 'start', ...where });
        },
        onStep: (step) => options.onProgress?.({ event: 'step', ...where, step }),
      };
    });
    const outcomes = await trainGroup(members, mode, display);
    group.forEach((i, k) => {
      const run = runs[i]!;
      const outcome = outcomes[k]!;
      const where = { index: i, count: runs.length, run: run.run, seed: run.seed };
      if (outcome.status === 'skipped') display.note(`  ${run.run} seed ${run.seed}: already finished, skipped`);
      if (outcome.status === 'diverged') display.note(`  ${run.run} seed ${run.seed}: diverged (see ${run.dir}/manifest.json)`);
      if (!started.has(i)) options.onProgress?.({ event: 'start', ...where });
      options.onProgress?.({ event: 'end', ...where, outcome });
      done[i] = { ...run, outcome };
    });
  }
  return { dir, runs: done.map((d) => d!) };
}

/** The display, with each step also reported to `onProgress` (when given) as a `step` event. */
function withCallback(display: ProgressSink, onProgress: RunStudyOptions['onProgress'], where: Omit<StudyProgress, 'event'>): ProgressSink {
  if (!onProgress) return display;
  return {
    step: (step) => {
      display.step(step);
      onProgress({ event: 'step', ...where, step });
    },
    note: (line) => display.note(line),
    done: () => display.done(),
  };
}

function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}
