/**
 * Config errors say what was expected (a missing field by name and type, an unknown field with the
 * one it most likely meant), in the words of the config's JSON Schema, which is exported as is.
 */
import { InvalidConfigError, experimentConfigFields, experimentConfigJsonSchema, parseExperimentConfig, type ConfigIssue } from '../src';
import { tinyConfig } from '../../../tools/testing/fixtures';

/** The error of a config that must fail to parse. */
function failure(config: unknown): InvalidConfigError {
  try {
    parseExperimentConfig(config, 'test');
  } catch (error) {
    if (error instanceof InvalidConfigError) return error;
    throw error;
  }
  throw new Error('the config parsed');
}

const issues = (config: unknown): ConfigIssue[] => [...failure(config).issues];
const withField = (patch: (c: Record<string, unknown>) => void): Record<string, unknown> => {
  const config = JSON.parse(JSON.stringify(tinyConfig())) as Record<string, unknown>;
  patch(config);
  return config;
};

describe('config errors', () => {
  it('a typo of a required field: the field missing, by name and type, and the typo with the field it meant', () => {
    const error = failure(
      withField((c) => {
        c['learningrate'] = c['learningRate'];
        delete c['learningRate'];
      }),
    );
    expect(error.issues).toEqual([
      { path: 'learningRate', problem: 'missing', message: 'expected a number >= 0 or { unit, schedule }' },
      { path: 'learningrate', problem: 'unknown', message: 'did you mean learningRate?' },
    ]);
    expect(error.problem).toBe(
      'Invalid config (test), 2 problems:\n  - learningRate is missing: expected a number >= 0 or { unit, schedule }\n  - unknown field learningrate; did you mean learningRate?',
    );
    expect(error.hint).toBe('Fix the fields listed; `lrlab config --schema` prints the JSON Schema of a config, and docs/guides/config-reference.md describes every field.');
  });

  it('an unknown nested field gets the nearest field of its object, or the list of them', () => {
    expect(issues(withField((c) => ((c['training'] as Record<string, unknown>)['epochz'] = 3)))).toEqual([
      { path: 'training.epochz', problem: 'unknown', message: 'did you mean training.epochs?' },
    ]);
    expect(issues(withField((c) => ((c['training'] as Record<string, unknown>)['colour'] = 'red')))).toEqual([
      { path: 'training.colour', problem: 'unknown', message: 'training has the fields epochs, batchSize, dropLast, groups' },
    ]);
  });

  it('a wrong value: what the field takes, and the value given', () => {
    expect(issues(withField((c) => (c['seed'] = '1')))).toEqual([{ path: 'seed', message: 'expected an integer >= 1, got "1"' }]);
    expect(issues(withField((c) => ((c['training'] as Record<string, unknown>)['epochs'] = 0)))).toEqual([
      { path: 'training.epochs', message: 'expected an integer >= 1 and <= 100000, got 0' },
    ]);
    expect(issues(withField((c) => (c['backend'] = 'tpu')))).toEqual([{ path: 'backend', message: 'expected one of "auto", "tensorflow", "webgpu", "blas", "wasm", "cpu", got "tpu"' }]);
    expect(issues(withField((c) => (c['weightDecay'] = 3)))).toEqual([{ path: 'weightDecay', message: 'expected null or { value, mode, ... }, got 3' }]);
  });

  it('a union reports the problems of the alternative the value was meant as', () => {
    // σ is a number, { unit, schedule } or { fromLearningRate }: -1 was meant as the number.
    expect(issues(withField((c) => (c['noise'] = [{ kind: 'preactivation', sigma: -1 }])))).toEqual([{ path: 'noise[0].sigma', message: 'expected a number >= 0, got -1' }]);
    expect(issues(withField((c) => (c['learningRate'] = { unit: 'epoch' })))).toEqual([
      { path: 'learningRate.schedule', problem: 'missing', message: 'expected { kind, ... }' },
    ]);
    expect(issues(withField((c) => (c['learningRate'] = { schedule: { kind: 'constant', value: 1 }, units: 'step' })))).toEqual([
      { path: 'learningRate.units', problem: 'unknown', message: 'did you mean learningRate.unit?' },
    ]);
    // Neither alternative fits a string: what the field takes as a whole.
    expect(issues(withField((c) => (c['learningRate'] = 'fast')))).toEqual([{ path: 'learningRate', message: 'expected a number >= 0 or { unit, schedule }, got "fast"' }]);
  });
});

describe('the config schema', () => {
  it('is a JSON Schema of the config: its required fields, types and ranges, no other top-level field', () => {
    const schema = experimentConfigJsonSchema() as { $schema: string; required: string[]; additionalProperties: boolean; properties: Record<string, Record<string, unknown>> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['name', 'data', 'model', 'training', 'learningRate']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties['backend']).toEqual({ type: 'string', enum: ['auto', 'tensorflow', 'webgpu', 'blas', 'wasm', 'cpu'] });
    expect(Object.keys(schema.properties)).toEqual([
      'name', 'description', 'seed', 'backend', 'data', 'model', 'training', 'optimizer', 'learningRate', 'weightDecay', 'noise', 'evaluation', 'checkpoint', 'divergence', 'events',
    ]);
    // A copy: changing it changes nothing for the next caller.
    schema.required.length = 0;
    expect((experimentConfigJsonSchema() as { required: string[] }).required).toHaveLength(5);
  });

  it('lists every field with what it takes, nested ones under their object', () => {
    const fields = experimentConfigFields();
    expect(fields[0]).toEqual({ path: 'name', expects: 'letters, digits, ".", "_" or "-" (at most 100, starting with a letter or digit)', required: true });
    expect(fields).toContainEqual({ path: 'training.epochs', expects: 'an integer >= 1 and <= 100000', required: true });
    expect(fields).toContainEqual({ path: 'learningRate', expects: 'a number >= 0 or { unit, schedule }', required: true });
    expect(fields).toContainEqual({ path: 'noise[].sigma.fromLearningRate.power', expects: 'a number', required: true });
    expect(fields).toContainEqual({ path: 'evaluation.sets', expects: 'null or a non-empty list, each a non-empty string', required: false });
    expect(new Set(fields.map((f) => f.path)).size).toBe(fields.length);
  });
});
