/**
 * A study of one's own, written with public APIs only: on the synthetic two-pattern data, does a
 * cosine decay from the large LR behave like the paper's step anneal, and does a small LR with
 * cosine-annealed extra noise recover what the large LR gives?
 *
 * Run it from the repository root with `npx tsc -p docs/guides/examples && node tmp/examples/cosine-vs-step.js`
 * (TypeScript is a dev dependency; any other runner works too). The test
 * `packages/report/test/new-study-guide.test.ts` runs it at the `tiny` size.
 */
import { cosineDecay, multiStep, scale, type DescribedSchedule, type ScheduleConfig } from '@lrlab/schedules';
import { runStudy, type ExperimentConfig, type StudyConfig } from '@lrlab/experiments';
import { writeStudyReport } from '@lrlab/report';

/** How big to make the study. */
export type StudySize = 'tiny' | 'quick';

/** The schedule's JSON config, so a run record can store it (every lrlab factory describes itself, typed). */
function configOf(schedule: DescribedSchedule<ScheduleConfig>): ScheduleConfig {
  return schedule.config;
}

/**
 * The study: step anneal vs cosine decay from the large LR, and a small LR with cosine-annealed noise.
 *
 * @param size - `tiny` for a test, `quick` for the synthetic preset's regime
 * @param seeds - the seeds
 * @returns the study config
 */
export function cosineVsStepStudy(size: StudySize, seeds: readonly number[] = [1, 2, 3]): StudyConfig {
  const epochs = size === 'tiny' ? 12 : 260;
  const anneal = size === 'tiny' ? 8 : 180;
  const largeLr = size === 'tiny' ? 1 : 3;
  const base: Omit<ExperimentConfig, 'name' | 'learningRate'> = {
    data: { kind: 'synthetic', variant: size === 'tiny' ? 'tiny' : 'small' },
    model: { kind: 'two-layer', width: size === 'tiny' ? 20 : 200 },
    training: { epochs, batchSize: size === 'tiny' ? 10 : 50 },
    evaluation: { everyEpochs: size === 'tiny' ? 2 : 10, groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 } },
    events: [{ epoch: anneal, label: 'anneal' }],
    ...(size === 'tiny' ? { backend: 'cpu' } : {}),
  };
  // SGD noise that grows with the LR, as in the synthetic preset: σ = c · lr².
  const sgdNoise = { kind: 'preactivation', mode: 'iid', sigma: { fromLearningRate: { coefficient: 13.33, power: 2 } } } as const;
  const step = multiStep({ initialValue: largeLr, milestones: [anneal], gamma: 0.1 });
  const cosine = cosineDecay({ initialValue: largeLr, finalValue: largeLr / 100, steps: epochs });
  // Extra noise at the large LR's level, decayed along a cosine instead of switched off.
  const extraNoise = scale(cosineDecay({ initialValue: 1, steps: anneal }), 13.33 * largeLr ** 2);
  const runs: ExperimentConfig[] = [
    { ...base, name: 'step', description: 'large LR, ×0.1 at the anneal', learningRate: { unit: 'epoch', schedule: configOf(step) }, noise: [sgdNoise] },
    { ...base, name: 'cosine', description: 'large LR, cosine decay to 1%', learningRate: { unit: 'epoch', schedule: configOf(cosine) }, noise: [sgdNoise] },
    {
      ...base,
      name: 'small-cosine-noise',
      description: 'small LR + extra noise on a cosine',
      learningRate: largeLr / 10,
      noise: [sgdNoise, { kind: 'preactivation', mode: 'iid', sigma: { unit: 'epoch', schedule: configOf(extraNoise) } }],
    },
  ];
  return {
    name: `cosine-vs-step-${size}`,
    description: 'Step anneal vs cosine decay from a large LR, and a small LR with cosine-annealed noise, on the synthetic data.',
    seeds,
    runs,
    report: {
      primarySet: 'test',
      groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 },
      comparisons: [
        { a: 'cosine', b: 'step' },
        { a: 'small-cosine-noise', b: 'step' },
      ],
      learningOrder: [{ set: 'train', group: 'b-only', metric: 'accuracy', threshold: 0.99, label: 'B-only train accuracy ≥ 99%' }],
      curves: [{ set: 'test', group: 'a-only' }, { set: 'train', group: 'b-only' }],
    },
  };
}

/**
 * Runs the study and writes its report.
 *
 * @param size - the study size
 * @param outDir - the output root
 * @param seeds - the seeds
 * @returns the report's path
 */
export async function main(size: StudySize, outDir: string, seeds: readonly number[] = [1, 2, 3]): Promise<string> {
  const outcome = await runStudy(cosineVsStepStudy(size, seeds), { outDir });
  return (await writeStudyReport(outcome.dir)).reportPath;
}

if (require.main === module) {
  main('quick', 'runs').then(
    (report) => console.log(`report: ${report}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
