/**
 * The two options `lrlab run`, `lrlab resume` and `lrlab slurm` share to let a partial run resume
 * although what its results depend on changed: the runtime, or a plugin file.
 */

/** `node:util` parseArgs definitions of `--allow-runtime-change` and `--allow-plugin-change`. */
export const RESUME_GUARD_OPTIONS = {
  'allow-runtime-change': { type: 'boolean', default: false },
  'allow-plugin-change': { type: 'boolean', default: false },
} as const;

/** What a resume may change, as `runExperiment` and `runStudy` take it. */
export interface ResumeGuards {
  /** `--allow-runtime-change`. */
  readonly allowRuntimeChange: boolean;
  /** `--allow-plugin-change`. */
  readonly allowPluginChange: boolean;
}

/**
 * The parsed options as `runExperiment`/`runStudy` options.
 *
 * @param values - parseArgs values holding {@link RESUME_GUARD_OPTIONS}
 * @returns the guards
 */
export function resumeGuards(values: { readonly 'allow-runtime-change'?: boolean; readonly 'allow-plugin-change'?: boolean }): ResumeGuards {
  return { allowRuntimeChange: values['allow-runtime-change'] ?? false, allowPluginChange: values['allow-plugin-change'] ?? false };
}
