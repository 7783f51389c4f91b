/**
 * Config fuzzing: 1000 seeded random mutations of a valid config go through parse → validate →
 * resolve → build (no training). Each is accepted, or rejected with a typed error that names the
 * mutated field — never an uncaught exception or a bare stack trace.
 */
import { LrlabError, Prng } from '@lrlab/core';
import { InvalidConfigError, checkRun, parseExperimentConfig, prepareRun, runCli } from '../src';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { capture, tempDir, tinyConfig } from './helpers';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const WEIRD: readonly Json[] = [null, true, 'text', '', -1, 0, 0.5, 1e12, -1e12, 2 ** 53, [], [1, 'a'], {}, { kind: 'x' }];

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function mutate(config: Json, rng: Prng): { mutated: Json; at: (string | number)[] } {
  const copy = JSON.parse(JSON.stringify(config)) as Json;
  const all = paths(copy).filter((p) => p.length > 0);
  const at = all[Math.floor(rng.nextFloat() * all.length)]!;
  const parent = at.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key as string]!, copy) as Record<string, Json>;
  const key = at[at.length - 1]!;
  const kind = Math.floor(rng.nextFloat() * 4);
  if (kind === 0 && !Array.isArray(parent)) delete parent[key as string];
  else if (kind === 1 && !Array.isArray(parent)) parent[`unknown${Math.floor(rng.nextFloat() * 100)}`] = 1;
  else if (kind === 2 && typeof parent[key as string] === 'number') parent[key as string] = (parent[key as string] as number) * (rng.nextFloat() < 0.5 ? -1 : 1e9);
  else parent[key as string] = WEIRD[Math.floor(rng.nextFloat() * WEIRD.length)]!;
  return { mutated: copy, at };
}

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
        if (!fields.includes(top) && !fields.includes('(root)') && !/unrecognized key/i.test(error.message)) {
          throw new Error(`mutation ${i} at ${at.join('.')} was rejected without naming ${top}: ${error.message}`);
        }
      }
    }
    expect(accepted + rejected).toBe(1000);
    expect(rejected).toBeGreaterThan(500);
    expect(accepted).toBeGreaterThan(20);
  }, 120_000);

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
        expect(text.includes(String(at[0])) || /unrecognized key|\(root\)/i.test(text)).toBe(true);
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
