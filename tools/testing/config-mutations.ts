/** Seeded random mutations of a JSON config, shared by the config fuzz tests of experiments and cli. */
import type { Prng } from '@lrlab/core';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const WEIRD: readonly Json[] = [null, true, 'text', '', -1, 0, 0.5, 1e12, -1e12, 2 ** 53, [], [1, 'a'], {}, { kind: 'x' }];

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** One seeded random mutation of a config: a field deleted, added, scaled or replaced by a weird value; `at` is its path. */
export function mutate(config: Json, rng: Prng): { mutated: Json; at: (string | number)[] } {
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
