/**
 * Config fuzzing: 1000 seeded random mutations of a valid config go through parse → validate →
 * resolve → build (no training). Each is accepted, or rejected with a typed error that names the
 * mutated field — never an uncaught exception or a bare stack trace.
 */
import { LrlabError, Prng } from '@lrlab/core';
import { InvalidConfigError, checkRun, prepareRun } from '../src';
import { mutate, type Json } from '../../../tools/testing/config-mutations';
import { tinyConfig } from '../../../tools/testing/fixtures';

describe('config fuzzing', () => {
  it('1000 random mutations: each accepted, or rejected with a typed error naming the field', async () => {
    const rng = Prng.fromSeed(20261129);
    const base = tinyConfig() as unknown as Json;
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 1000; i++) {
      const { mutated, at } = mutate(base, rng);
      const top = String(at[0]);
      try {
        await prepareRun(checkRun(mutated, `mutation ${i}`));
        accepted++;
      } catch (error) {
        rejected++;
        if (!(error instanceof LrlabError)) throw new Error(`mutation ${i} at ${at.join('.')} threw an untyped ${String(error)}`);
        const fields = error instanceof InvalidConfigError ? error.issues.map((issue) => issue.path).join(' ') : error.message;
        if (!fields.includes(top) && !fields.includes('(root)') && !/unknown field/i.test(error.message)) {
          throw new Error(`mutation ${i} at ${at.join('.')} was rejected without naming ${top}: ${error.message}`);
        }
      }
    }
    expect(accepted + rejected).toBe(1000);
    expect(rejected).toBeGreaterThan(500);
    expect(accepted).toBeGreaterThan(20);
  }, 120_000);
});
