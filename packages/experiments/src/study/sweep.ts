/**
 * Sweeps: one study field varied over a list of values (e.g. the large LR ∈ {1, 2, 3}, or N), each
 * value a separate run of every method and baseline, named `<run>--<value>`.
 */
import { ConfigError } from '@lrlab/core';
import type { ExperimentConfig } from '../config/types';
import type { StudyConfig } from './types';

/** A run of a study after sweeping: its config (renamed), its role, method and sweep value. */
export interface EffectiveRun {
  /** The config, with the swept field set and the name suffixed. */
  readonly config: ExperimentConfig;
  /** Method or baseline. */
  readonly role: 'method' | 'baseline';
  /** The run's name before the sweep (the method). */
  readonly method: string;
  /** The swept value, when the study sweeps. */
  readonly sweepValue?: unknown;
}

/** A short, file-name-safe rendering of a sweep value. */
function sweepLabel(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/[^A-Za-z0-9.+-]+/g, '_').slice(0, 40);
}

/**
 * A copy of a config with the field at a dotted path set (`learningRate.schedule.initialValue`,
 * `data.trainSize`; array indices as numbers: `noise.0.sigma`).
 *
 * @param config - the config
 * @param path - the dotted path
 * @param value - the value
 * @returns the changed copy
 * @throws ConfigError when the path does not lead through objects or arrays of the config
 */
export function setPath(config: ExperimentConfig, path: string, value: unknown): ExperimentConfig {
  const keys = path.split('.');
  if (keys.some((k) => k === '') || keys[0] === 'name') throw new ConfigError('sweep.path', path, 'a dotted path to a config field other than name, e.g. "learningRate.schedule.initialValue"');
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) {
      throw new ConfigError('sweep.path', path, `a path through existing objects of run ${JSON.stringify(config.name)} (no object at "${key}")`);
    }
    node = next as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
  return copy as unknown as ExperimentConfig;
}

/**
 * Every run of a study, sweep applied: methods then baselines, each over the sweep values in order.
 *
 * @param study - the study
 * @returns the effective runs
 */
export function effectiveRuns(study: StudyConfig): EffectiveRun[] {
  const out: EffectiveRun[] = [];
  const only = study.sweep?.methods;
  if (only) {
    const names = study.runs.map((r) => r.name);
    const unknown = only.filter((m) => !names.includes(m));
    if (unknown.length > 0) throw new ConfigError('sweep.methods', only, `names of the study's runs (${names.join(', ')}); unknown: ${unknown.join(', ')}`);
  }
  const add = (role: EffectiveRun['role'], configs: readonly ExperimentConfig[], sweep: boolean): void => {
    for (const config of configs) {
      if (!study.sweep || !sweep || (role === 'method' && only && !only.includes(config.name))) {
        out.push({ config, role, method: config.name });
        continue;
      }
      if (study.sweep.values.length === 0) throw new ConfigError('sweep.values', study.sweep.values, 'at least one value');
      for (const value of study.sweep.values) {
        const swept = setPath(config, study.sweep.path, value);
        out.push({ config: { ...swept, name: sweptName(config.name, value) }, role, method: config.name, sweepValue: value });
      }
    }
  };
  add('method', study.runs, true);
  add('baseline', study.baselines ?? [], study.sweep?.baselines ?? true);
  return out;
}

/**
 * The name of a method's run at a swept value: `<method>--<value>`, or the method's own name when
 * the study's sweep leaves it fixed (`sweep.methods` does not list it) or there is no sweep.
 *
 * @param study - the study
 * @param method - a method's name
 * @param value - the swept value
 * @returns the run's name
 */
export function runNameAt(study: StudyConfig, method: string, value: unknown): string {
  const only = study.sweep?.methods;
  if (!study.sweep || (only && !only.includes(method))) return method;
  return sweptName(method, value);
}

function sweptName(name: string, value: unknown): string {
  return `${name}--${sweepLabel(value)}`;
}
