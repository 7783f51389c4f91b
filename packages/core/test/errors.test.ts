import {
  BackendError,
  ConfigError,
  DataError,
  DivergenceError,
  IoError,
  LrlabError,
  checkFinite,
  checkIncreasing,
  checkInteger,
  checkLengths,
  checkNonNegative,
  checkNumber,
  checkOneOf,
  checkPositive,
  checkProbability,
  formatValue,
} from '../src';

describe('typed errors', () => {
  it('carry a code, the offending value and a hint, and are LrlabErrors', () => {
    const config = new ConfigError('batchSize', 0, 'a positive integer');
    expect(config).toBeInstanceOf(LrlabError);
    expect(config).toBeInstanceOf(Error);
    expect(config.name).toBe('ConfigError');
    expect(config.code).toBe('config');
    expect(config.field).toBe('batchSize');
    expect(config.message).toBe('Invalid batchSize: expected a positive integer, got 0. Set batchSize to a positive integer.');

    const data = new DataError('/data/test_batch.bin', 'expected 30730000 bytes, found 12.', 'Download CIFAR-10 again.');
    expect(data.code).toBe('data');
    expect(data.message).toMatch(/^\/data\/test_batch\.bin: expected 30730000 bytes/);

    const backend = new BackendError('tensorflow', 'Not installed.', 'Install @tensorflow/tfjs-node.');
    expect(backend.backend).toBe('tensorflow');
    expect(backend.hint).toBe('Install @tensorflow/tfjs-node.');

    const diverged = new DivergenceError(12, { loss: Number.NaN, learningRate: 1e6 }, 'Lower the learning rate.');
    expect(diverged.message).toBe('Training diverged at step 12 (loss=NaN, learningRate=1000000). Lower the learning rate.');
    expect(diverged.step).toBe(12);

    const cause = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const io = new IoError('write', '/runs/a/checkpoint.json', 'Free some disk space, then resume the run.', { cause });
    expect(io.message).toBe(
      'Could not write /runs/a/checkpoint.json: ENOSPC (no space left on device). Free some disk space, then resume the run.',
    );
    expect(io.cause).toBe(cause);
  });

  it('format awkward values unambiguously', () => {
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(-0)).toBe('-0');
    expect(formatValue('0.1')).toBe('"0.1"');
    expect(formatValue([1, Number.POSITIVE_INFINITY])).toBe('[1,"Infinity"]');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue({ a: 'x'.repeat(200) })).toHaveLength(80);
  });
});

describe('argument checks', () => {
  it('return valid values unchanged', () => {
    expect(checkFinite('x', -2)).toBe(-2);
    expect(checkPositive('lr', 0.1)).toBe(0.1);
    expect(checkNonNegative('wd', 0)).toBe(0);
    expect(checkProbability('p', 1)).toBe(1);
    expect(checkInteger('epochs', 3, { min: 1 })).toBe(3);
    expect(checkNumber('x', 0.5, { min: 0, max: 1, maxExclusive: true })).toBe(0.5);
    expect(checkOneOf('mode', 'iid', ['iid', 'shared-map'])).toBe('iid');
    expect(checkIncreasing('boundaries', [1, 2, 5])).toEqual([1, 2, 5]);
    expect(() => checkLengths('boundaries', [1, 2], 'values', [1, 2, 3], 1)).not.toThrow();
  });

  it('reject invalid values with a ConfigError naming the field and the value', () => {
    expect(() => checkFinite('lr', Number.NaN)).toThrow('Invalid lr: expected a finite number, got NaN.');
    expect(() => checkPositive('lr', -0.1)).toThrow('Invalid lr: expected a finite number > 0, got -0.1.');
    expect(() => checkPositive('lr', '0.1')).toThrow(/got "0.1"/);
    expect(() => checkNonNegative('sigma', -1)).toThrow(/>= 0, got -1/);
    expect(() => checkProbability('p', 2)).toThrow(/<= 1, got 2/);
    expect(() => checkInteger('epochs', 0, { min: 1 })).toThrow('Invalid epochs: expected an integer >= 1, got 0.');
    expect(() => checkInteger('epochs', 2.5)).toThrow(/got 2.5/);
    expect(() => checkNumber('x', 1, { max: 1, maxExclusive: true })).toThrow(/< 1, got 1/);
    expect(() => checkOneOf('mode', 'gaussian', ['iid', 'shared-map'])).toThrow(/one of "iid", "shared-map", got "gaussian"/);
    expect(() => checkIncreasing('boundaries', [1, 3, 2])).toThrow(/Invalid boundaries\[2\]: expected a value greater than boundaries\[1\] = 3/);
    expect(() => checkIncreasing('boundaries', [1, Number.NaN])).toThrow(/boundaries\[1\].*got NaN/);
    expect(() => checkIncreasing('boundaries', 'x')).toThrow(ConfigError);
    expect(() => checkLengths('boundaries', [1, 2], 'values', [1, 2], 1)).toThrow(/Invalid values: expected an array with boundaries.length \+ 1 = 3 elements/);
  });
});
