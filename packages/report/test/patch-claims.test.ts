import { DataError } from '@lrlab/core';
import type { EvaluationRecord, ResolvedExperimentConfig, StudyConfig } from '@lrlab/experiments';
import { patchClaims, renderPatchClaims, type RecordedRun, type RecordedStudy } from '../src';

const EPOCHS = 30;
const ANNEAL = 15;
const SEEDS = [1, 2, 3];

/** A record per epoch: patch-only accuracy 0.1 until `fitAt` (null: never), 0.95 from it; clean `clean` throughout. */
function records(sets: { fitAt?: number | null; clean: number; cleanSet: string }): EvaluationRecord[] {
  return Array.from({ length: EPOCHS + 1 }, (_, epoch) => {
    const accuracy = (value: number) => ({ accuracy: { overall: { accuracy: value }, groups: {} } });
    const patch = sets.fitAt === undefined ? {} : { 'patch-only': accuracy(sets.fitAt !== null && epoch >= sets.fitAt ? 0.95 : 0.1) };
    return { step: epoch * 10, epoch, sets: { [sets.cleanSet]: accuracy(sets.clean), ...patch } } as unknown as EvaluationRecord;
  });
}

function run(name: string, seed: number, recorded: EvaluationRecord[], finished = true): RecordedRun {
  const config = { name, seed, training: { epochs: EPOCHS }, events: [{ epoch: ANNEAL, label: 'anneal' }] } as unknown as ResolvedExperimentConfig;
  return { run: name, seed, dir: `runs/${name}-seed${seed}`, config, records: recorded, finished, cost: {} };
}

function study(dir: string, runs: RecordedRun[]): RecordedStudy {
  return { dir, study: { name: dir, seeds: SEEDS } as unknown as StudyConfig, runs };
}

/** Per method and seed: when the patch is fitted, final clean accuracy patched and unpatched. */
const PLAN = {
  'large-lr': { fitAt: [20, 22, null], clean: [0.88, 0.87, 0.89], unpatched: [0.9, 0.9, 0.9] },
  'small-lr': { fitAt: [5, 6, 7], clean: [0.8, 0.81, 0.79], unpatched: [0.92, 0.92, 0.92] },
  'small-lr-noise': { fitAt: [18, 25, null], clean: [0.85, 0.86, 0.84], unpatched: [0.9, 0.9, 0.9] },
} as const;

function studies(unfinished?: string): { patched: RecordedStudy; unpatched: RecordedStudy } {
  const entries = Object.entries(PLAN);
  const patched = entries.flatMap(([m, p]) =>
    SEEDS.map((s, i) => run(m, s, records({ fitAt: p.fitAt[i]!, clean: p.clean[i]!, cleanSet: 'clean' }), unfinished !== `${m}-seed${s}`)),
  );
  const unpatched = entries.flatMap(([m, p]) => SEEDS.map((s, i) => run(m, s, records({ clean: p.unpatched[i]!, cleanSet: 'test' }))));
  return { patched: study('patched', patched), unpatched: study('unpatched', unpatched) };
}

describe('patchClaims', () => {
  it('checks the four claims per seed, with paired intervals at t(2) = 4.30', () => {
    const { patched, unpatched } = studies();
    const claims = patchClaims(patched, unpatched);
    expect(claims.annealEpoch).toBe(ANNEAL);
    expect(claims.t).toBeCloseTo(4.303, 3);
    expect(claims.fitEpochs).toEqual({ 'large-lr': [20, 22, null], 'small-lr': [5, 6, 7], 'small-lr-noise': [18, 25, null] });
    expect(claims.claims.map((c) => c.verdict)).toEqual(['supported', 'mixed', 'supported', 'supported']);
    expect(claims.claims[1]!.evidence).toBe('the large LR fitted it after epoch 15 (and by epoch 30) in 2 of 3 seeds.');
    // Noise − small: +5 points in every seed; the small LR's drop (12, 11, 13) − the large LR's (2, 3, 1) = 10 points.
    expect(claims.noiseVsSmall.meanDifference).toBeCloseTo(0.05, 12);
    expect(claims.drops['small-lr']).toEqual({ '1': expect.closeTo(0.12, 12), '2': expect.closeTo(0.11, 12), '3': expect.closeTo(0.13, 12) });
    expect(claims.dropSmallVsLarge.meanDifference).toBeCloseTo(0.1, 12);
    expect(claims.dropSmallVsLarge.ci!.low).toBeGreaterThan(0);

    const markdown = renderPatchClaims(claims);
    expect(markdown).toContain("95% intervals use Student's t with 2 degrees of freedom, t = 4.30.");
    expect(markdown).toContain('| small-lr | 5, 6, 7 |');
    expect(markdown).toContain('| large-lr | 20, 22, never |');
    expect(markdown).toContain('2. *The large LR fits it only after the anneal.* **Mixed**: ');
    expect(markdown).toMatch(/\| small-lr \| 12\.00, 11\.00, 13\.00 \| 12\.00 \|/);
  });

  it('gives "not supported" when the roles are the other way round', () => {
    const { patched, unpatched } = studies();
    const claims = patchClaims(patched, unpatched, { large: 'small-lr', small: 'large-lr' });
    expect(claims.claims[0]!.verdict).toBe('not supported'); // "small" (large-lr) never fits first
    expect(claims.claims[3]!.verdict).toBe('not supported'); // its drop is 10 points smaller
    expect(claims.claims[1]!.verdict).toBe('not supported'); // "large" (small-lr) fits at 5–7, before the anneal
  });

  it('refuses an unfinished run, a missing method and an absent set with a DataError that says what to do', () => {
    const { patched, unpatched } = studies('small-lr-seed2');
    expect(() => patchClaims(patched, unpatched)).toThrow(/small-lr seed 2 has not finished[\s\S]*lrlab resume/);
    expect(() => patchClaims(patched, unpatched)).toThrow(DataError);
    const complete = studies();
    expect(() => patchClaims(complete.patched, complete.unpatched, { noise: 'noisy' })).toThrow(/no run noisy for seed 1/);
    expect(() => patchClaims(complete.patched, complete.unpatched, { patchSet: 'patch' })).toThrow(/no evaluation has the set "patch"/);
    expect(() => patchClaims(complete.patched, complete.unpatched, { unpatchedSet: 'clean' })).toThrow(/has no set "clean"[\s\S]*unpatchedSet/);
  });
});
