/** Expands a study into its (run, seed) list, each with its own folder. */
import * as path from 'node:path';
import { ConfigError } from '@lrlab/core';
import { effectiveRuns } from './sweep';
import type { StudyConfig, StudyRun } from './types';

/**
 * The runs of a study, methods first then baselines, each over every seed (seed-major within a
 * run, so partial results of one method fill in first).
 *
 * @param study - the study
 * @param outDir - the output root; runs go to `<outDir>/<study.name>/<run>-seed<k>`
 * @returns one entry per (run, seed)
 * @throws ConfigError when two runs share a name or there are no seeds
 */
export function expandStudy(study: StudyConfig, outDir: string): StudyRun[] {
  if (study.seeds.length === 0) throw new ConfigError('seeds', study.seeds, 'at least one seed');
  if (new Set(study.seeds).size !== study.seeds.length) throw new ConfigError('seeds', study.seeds, 'distinct seeds');
  const seen = new Set<string>();
  const runs: StudyRun[] = [];
  for (const { config, role, method, sweepValue } of effectiveRuns(study)) {
    if (seen.has(config.name)) throw new ConfigError(`runs (name ${JSON.stringify(config.name)})`, config.name, 'a name used by one run only');
    seen.add(config.name);
    for (const seed of study.seeds) {
      runs.push({
        run: config.name,
        method,
        ...(sweepValue === undefined ? {} : { sweepValue }),
        role,
        seed,
        dir: path.join(outDir, study.name, `${config.name}-seed${seed}`),
        config: { ...config, seed },
      });
    }
  }
  return runs;
}
