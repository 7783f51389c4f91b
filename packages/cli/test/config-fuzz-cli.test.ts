/** Config fuzzing through `lrlab run`: rejected mutations exit with 2 and name the field. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Prng } from '@lrlab/core';
import { parseExperimentConfig } from '@lrlab/experiments';
import { mutate, type Json } from '../../../tools/testing/config-mutations';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';
import { runCli } from '../src';
import { capture } from './capture';

describe('config fuzzing', () => {
  it('through the CLI: rejected mutations exit with 2 and name the field, without a stack trace', async () => {
    const rng = Prng.fromSeed(7);
    const { dir, cleanup } = tempDir();
    try {
      let checked = 0;
      for (let i = 0; checked < 10 && i < 200; i++) {
        const { mutated, at } = mutate(tinyConfig() as unknown as Json, rng);
        try {
          parseExperimentConfig(mutated);
          continue; // structurally valid: the in-process test covers it
        } catch {
          // a rejected mutation: run it through the CLI
        }
        const file = path.join(dir, `c${i}.json`);
        fs.writeFileSync(file, JSON.stringify(mutated));
        const io = capture();
        expect(await runCli(['run', file, '--out', path.join(dir, 'out')], io)).toBe(2);
        const text = io.err.join('\n');
        expect(text.includes(String(at[0])) || /unknown field|\(root\)/i.test(text)).toBe(true);
        expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);
        checked++;
      }
      expect(checked).toBe(10);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});
