/**
 * The paper's four claims about the patch experiment, checked on a patched study and its unpatched
 * twin (same methods, seeds and configs but the patch):
 *
 *   1. the small LR fits the patch first;
 *   2. the large LR fits it only after the anneal;
 *   3. noise makes a small LR act like a large one;
 *   4. the patch costs the small LR more clean accuracy than the large LR.
 *
 * "Fits the patch" is the first evaluation at which patch-only accuracy reaches a threshold.
 * Differences are paired by seed, with a Student-t interval.
 */
import { DataError } from '@lrlab/core';
import { pairedComparison, tQuantile, type PairedComparison } from '@lrlab/metrics';
import type { RecordedRun, RecordedStudy } from './load';
import { OVERALL, firstEpochReaching, valueOf } from './series';

/** Which runs and sets play which part; every field has the presets' default. */
export interface PatchClaimsOptions {
  /** The large LR + anneal method (default `large-lr`). */
  readonly large?: string;
  /** The small LR method (default `small-lr`). */
  readonly small?: string;
  /** The small LR + noise method (default `small-lr-noise`). */
  readonly noise?: string;
  /** The patched study's patch-only set (default `patch-only`). */
  readonly patchSet?: string;
  /** The patched study's clean set (default `clean`). */
  readonly cleanSet?: string;
  /** The unpatched study's test set (default `test`). */
  readonly unpatchedSet?: string;
  /** Patch-only accuracy (fraction) at which the patch counts as fitted (default 0.9). */
  readonly threshold?: number;
  /** The intervals' confidence level (default 0.95). */
  readonly level?: number;
}

/** How far the evidence goes: every part holds, some part does, or none. */
export type ClaimVerdict = 'supported' | 'mixed' | 'not supported';

/** One claim with its verdict and the numbers behind it. */
export interface PatchClaim {
  /** The claim, as the paper makes it. */
  readonly claim: string;
  /** What the evidence says. */
  readonly verdict: ClaimVerdict;
  /** The evidence, in one sentence. */
  readonly evidence: string;
}

/** The four claims and everything they rest on. */
export interface PatchClaims {
  /** The options with their defaults filled in. */
  readonly options: Required<PatchClaimsOptions>;
  /** The seeds, in the study's order. */
  readonly seeds: readonly number[];
  /** The epoch of the large LR's anneal (its event labelled `anneal`, else its first event). */
  readonly annealEpoch: number;
  /** The runs' last epoch. */
  readonly epochs: number;
  /** The t factor of the intervals (absent with one seed). */
  readonly t?: number;
  /** The epoch each method first fitted the patch, per seed in `seeds` order; null when never. */
  readonly fitEpochs: Readonly<Record<string, readonly (number | null)[]>>;
  /** Final clean accuracy of the small LR with noise minus the small LR's, paired by seed. */
  readonly noiseVsSmall: PairedComparison;
  /** The clean accuracy the patch costs each method (unpatched − patched, final), per seed. */
  readonly drops: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The small LR's drop minus the large LR's, paired by seed. */
  readonly dropSmallVsLarge: PairedComparison;
  /** Claims 1–4, in order. */
  readonly claims: readonly PatchClaim[];
}

const DEFAULTS: Required<PatchClaimsOptions> = {
  large: 'large-lr',
  small: 'small-lr',
  noise: 'small-lr-noise',
  patchSet: 'patch-only',
  cleanSet: 'clean',
  unpatchedSet: 'test',
  threshold: 0.9,
  level: 0.95,
};

/** The finished run of `study` for `method` and `seed`, or a DataError saying what is missing. */
function finishedRun(study: RecordedStudy, method: string, seed: number): RecordedRun {
  const run = study.runs.find((r) => r.run === method && r.seed === seed);
  if (!run) throw new DataError(study.dir, `no run ${method} for seed ${seed}`, `Run the study (lrlab run) until it has ${method}-seed${seed}, or name the methods with the large/small/noise options.`);
  if (!run.finished) throw new DataError(run.dir, `run ${method} seed ${seed} has not finished`, 'Resume it (lrlab resume <run dir>) before checking the claims.');
  return run;
}

/** The final value of `set` (overall accuracy) of a run, or a DataError naming the set. */
function finalAccuracy(run: RecordedRun, set: string): number {
  const last = run.records[run.records.length - 1];
  const value = last && valueOf(last, { set, group: OVERALL, metric: 'accuracy' });
  if (value === undefined) throw new DataError(run.dir, `its last evaluation has no set "${set}"`, 'Name the set the study evaluates with the cleanSet/unpatchedSet options.');
  return value;
}

/** The epoch a run first reached `threshold` on `set`, or null. */
function fitEpoch(run: RecordedRun, set: string, threshold: number): number | null {
  const epoch = firstEpochReaching(run.records, { set, group: OVERALL, metric: 'accuracy' }, threshold);
  if (epoch === undefined) throw new DataError(run.dir, `no evaluation has the set "${set}"`, 'Name the patch-only set the study evaluates with the patchSet option.');
  return epoch;
}

const verdictOf = (all: boolean, some: boolean): ClaimVerdict => (all ? 'supported' : some ? 'mixed' : 'not supported');
const count = (flags: readonly boolean[]): number => flags.filter(Boolean).length;
/** A difference is positive when its interval is above 0 (with one seed: when it is above 0). */
const positive = (c: PairedComparison): boolean => (c.ci ? c.ci.low > 0 : c.meanDifference > 0);
const points = (fraction: number): string => (100 * fraction).toFixed(2);
const withInterval = (c: PairedComparison): string => `${points(c.meanDifference)} points${c.ci ? ` [${points(c.ci.low)}, ${points(c.ci.high)}]` : ''}`;

/**
 * Checks the paper's four claims on a patched study and its unpatched twin.
 *
 * - 1 holds in a seed where the small LR fits the patch before the large LR.
 * - 2 holds in a seed where the large LR fits it after the anneal (its event labelled `anneal`, or
 *   its first event) and by the end.
 * - 3 has three parts: the small LR fits the patch by the anneal, the small LR with noise only after
 *   it (or never), and the noise ends with more clean accuracy than the small LR (interval above 0).
 * - 4 holds when the small LR's drop minus the large LR's has its interval above 0.
 *
 * A claim is supported when every seed (every part) agrees, mixed when some do, and not supported
 * otherwise.
 *
 * @param patched - the patched study (every method × seed finished)
 * @param unpatched - the same runs without the patch
 * @param options - which runs and sets play which part
 * @returns the claims, verdicts and numbers
 * @throws DataError when a run is missing or unfinished, or a set is absent
 * @example
 * ```ts
 * const claims = patchClaims(loadStudy('runs/patched-fashion-mnist-full'), loadStudy('runs/fashion-mnist-unpatched-full'));
 * console.log(renderPatchClaims(claims));
 * ```
 */
export function patchClaims(patched: RecordedStudy, unpatched: RecordedStudy, options: PatchClaimsOptions = {}): PatchClaims {
  const o = { ...DEFAULTS, ...options };
  const seeds = patched.study.seeds;
  const methods = [o.large, o.small, o.noise];
  const runs = Object.fromEntries(methods.map((m) => [m, seeds.map((s) => finishedRun(patched, m, s))]));
  const twins = Object.fromEntries(methods.map((m) => [m, seeds.map((s) => finishedRun(unpatched, m, s))]));
  const large = runs[o.large]![0]!;
  const annealEpoch = (large.config.events.find((e) => e.label === 'anneal') ?? large.config.events[0])?.epoch;
  if (annealEpoch === undefined) throw new DataError(large.dir, 'the large-LR run has no event marking the anneal', 'Add `events: [{ epoch, label: "anneal" }]` to its config.');
  const epochs = large.config.training.epochs;
  const fitEpochs = Object.fromEntries(methods.map((m) => [m, runs[m]!.map((r) => fitEpoch(r, o.patchSet, o.threshold))]));
  const fit = (m: string, i: number): number => fitEpochs[m]![i] ?? Infinity;
  const t = seeds.length > 1 ? tQuantile(1 - (1 - o.level) / 2, seeds.length - 1) : undefined;
  const bySeed = (values: readonly number[]): Record<string, number> => Object.fromEntries(seeds.map((s, i) => [String(s), values[i]!]));

  const smallFirst = seeds.map((_, i) => fit(o.small, i) < fit(o.large, i));
  const largeAfter = seeds.map((_, i) => fit(o.large, i) > annealEpoch && fit(o.large, i) !== Infinity);
  const smallByAnneal = seeds.map((_, i) => fit(o.small, i) <= annealEpoch);
  const noiseAfter = seeds.map((_, i) => fit(o.noise, i) > annealEpoch);
  const clean = (m: string): Record<string, number> => bySeed(runs[m]!.map((r) => finalAccuracy(r, o.cleanSet)));
  const noiseVsSmall = pairedComparison(clean(o.noise), clean(o.small), { level: o.level });
  const drops = Object.fromEntries(
    methods.map((m) => [m, bySeed(seeds.map((_, i) => finalAccuracy(twins[m]![i]!, o.unpatchedSet) - finalAccuracy(runs[m]![i]!, o.cleanSet)))]),
  );
  const dropSmallVsLarge = pairedComparison(drops[o.small]!, drops[o.large]!, { level: o.level });
  const n = seeds.length;
  const part3 = [smallByAnneal.every(Boolean), noiseAfter.every(Boolean), positive(noiseVsSmall)];

  const claims: PatchClaim[] = [
    {
      claim: 'The small LR fits the patch first.',
      verdict: verdictOf(count(smallFirst) === n, count(smallFirst) > 0),
      evidence: `the small LR fitted it before the large LR in ${count(smallFirst)} of ${n} seeds.`,
    },
    {
      claim: 'The large LR fits it only after the anneal.',
      verdict: verdictOf(count(largeAfter) === n, count(largeAfter) > 0),
      evidence: `the large LR fitted it after epoch ${annealEpoch} (and by epoch ${epochs}) in ${count(largeAfter)} of ${n} seeds.`,
    },
    {
      claim: 'Noise makes a small LR act like a large one.',
      verdict: verdictOf(part3.every(Boolean), part3.some(Boolean)),
      evidence:
        `the small LR fitted the patch by the anneal in ${count(smallByAnneal)} of ${n} seeds, with noise only after it (or never) in ${count(noiseAfter)}; ` +
        `final clean accuracy, noise − small: ${withInterval(noiseVsSmall)}.`,
    },
    {
      claim: 'The patch costs the small LR more clean accuracy.',
      verdict: verdictOf(positive(dropSmallVsLarge), dropSmallVsLarge.meanDifference > 0),
      evidence: `the drop (unpatched − patched final clean accuracy), small − large: ${withInterval(dropSmallVsLarge)}.`,
    },
  ];
  return { options: o, seeds, annealEpoch, epochs, ...(t === undefined ? {} : { t }), fitEpochs, noiseVsSmall, drops, dropSmallVsLarge, claims };
}

/**
 * The claims as markdown: the fitting epochs per seed, the four verdicts with their evidence, and
 * the drops per seed.
 *
 * @param claims - from {@link patchClaims}
 * @returns markdown, ending in a newline
 */
export function renderPatchClaims(claims: PatchClaims): string {
  const o = claims.options;
  const methods = [o.large, o.small, o.noise];
  const show = (epoch: number | null): string => (epoch === null ? 'never' : String(Math.round(epoch * 100) / 100));
  const level = Math.round(o.level * 100);
  const lines = [
    `Patch fitted: \`${o.patchSet}\` accuracy ≥ ${points(o.threshold)}%. Anneal at epoch ${claims.annealEpoch} of ${claims.epochs}. ` +
      `Seeds ${claims.seeds.join(', ')}` +
      (claims.t === undefined ? '.' : `; ${level}% intervals use Student's t with ${claims.seeds.length - 1} degrees of freedom, t = ${claims.t.toFixed(2)}.`),
    '',
    '| run | epoch the patch is fitted (per seed) |',
    '| --- | --- |',
    ...methods.map((m) => `| ${m} | ${claims.fitEpochs[m]!.map(show).join(', ')} |`),
    '',
    ...claims.claims.map((c, i) => `${i + 1}. *${c.claim}* **${c.verdict[0]!.toUpperCase()}${c.verdict.slice(1)}**: ${c.evidence}`),
    '',
    `| run | clean accuracy the patch costs, per seed (points) | mean |`,
    '| --- | --- | ---: |',
    ...methods.map((m) => {
      const values = claims.seeds.map((s) => claims.drops[m]![String(s)]!);
      return `| ${m} | ${values.map(points).join(', ')} | ${points(values.reduce((a, b) => a + b, 0) / values.length)} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
