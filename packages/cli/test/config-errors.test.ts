/** Malformed configs through `lrlab run`: exit code 2, the bad field named, nothing written. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';
import { runCli } from '../src';
import { capture } from './capture';

type Mutation = [label: string, mutate: (c: Record<string, unknown>) => unknown, field: RegExp];

const set = (c: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> => ({ ...c, [key]: value });
const training = (c: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> => ({
  ...c,
  training: { ...(c['training'] as object), ...patch },
});

// Each malformed config must exit with 2, name the bad field, and create no run folder.
const MALFORMED: Mutation[] = [
  ['name with a slash', (c) => set(c, 'name', 'a/b'), /name/],
  ['seed as a string', (c) => set(c, 'seed', '1'), /seed/],
  ['seed 0', (c) => set(c, 'seed', 0), /seed/],
  ['unknown backend', (c) => set(c, 'backend', 'tpu'), /backend/],
  ['unknown top-level field', (c) => set(c, 'epochs', 3), /unknown field epochs/],
  ['epochs 0', (c) => training(c, { epochs: 0 }), /training\.epochs/],
  ['epochs as text', (c) => training(c, { epochs: 'ten' }), /training\.epochs/],
  ['epochs above the limit', (c) => training(c, { epochs: 1e9 }), /training\.epochs/],
  ['fractional batch size', (c) => training(c, { batchSize: 2.5 }), /training\.batchSize/],
  ['batch larger than the data', (c) => training(c, { batchSize: 51 }), /training\.batchSize/],
  ['unknown training group', (c) => training(c, { groups: ['c-only'] }), /training\.groups/],
  ['negative learning rate', (c) => set(c, 'learningRate', -0.1), /learningRate/],
  ['unknown schedule kind', (c) => set(c, 'learningRate', { schedule: { kind: 'warp' } }), /learningRate\.schedule/],
  ['unsorted milestones', (c) => set(c, 'learningRate', { schedule: { kind: 'multi-step', initialValue: 1, milestones: [5, 2], gamma: 0.1 } }), /learningRate\.schedule\.milestones/],
  ['unknown optimizer', (c) => set(c, 'optimizer', { kind: 'lion' }), /optimizer/],
  ['momentum above 1', (c) => set(c, 'optimizer', { kind: 'momentum', momentum: 1.5 }), /optimizer\.momentum/],
  ['weight decay mode', (c) => set(c, 'weightDecay', { value: 1e-4, mode: 'sideways' }), /weightDecay\.mode/],
  ['noise kind', (c) => set(c, 'noise', [{ kind: 'dropout', sigma: 1 }]), /noise\[0\]\.kind/],
  ['negative noise σ', (c) => set(c, 'noise', [{ kind: 'preactivation', sigma: -1 }]), /noise\[0\]\.sigma/],
  ['mode on gradient noise', (c) => set(c, 'noise', [{ kind: 'gradient', sigma: 1, mode: 'iid' }]), /noise\[0\]\.mode/],
  ['unknown dataset kind', (c) => set(c, 'data', { kind: 'imagenet' }), /data\.kind/],
  ['unknown dataset field', (c) => set(c, 'data', { kind: 'synthetic', variant: 'tiny', d3: 4 }), /data\.d3/],
  ['missing dataset directory', (c) => set(c, 'data', { kind: 'fashion-mnist', dir: '/nonexistent/fashion' }), /data/],
  ['unknown model kind', (c) => set(c, 'model', { kind: 'transformer' }), /model\.kind/],
  ['odd width with antisymmetric pairs', (c) => set(c, 'model', { kind: 'two-layer', width: 21 }), /model\.width/],
  ['unknown eval set', (c) => set(c, 'evaluation', { sets: ['validation'] }), /evaluation\.sets\[0\]/],
  ['eval epoch past the end', (c) => set(c, 'evaluation', { epochs: [99] }), /evaluation\.epochs\[0\]/],
  ['missing learning rate', (c) => { const { learningRate: _lr, ...rest } = c; return rest; }, /learningRate/],
  ['not an object', () => [1, 2, 3], /JSON object/],
];

describe('lrlab run with a malformed config', () => {
  it.each(MALFORMED)('rejects %s: exit code 2, the field named, no run folder', async (_label, mutate, field) => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(file, JSON.stringify(mutate(tinyConfig() as unknown as Record<string, unknown>)));
      const out = path.join(dir, 'out');
      const io = capture();
      expect(await runCli(['run', file, '--out', out], io)).toBe(2);
      expect(io.err.join('\n')).toMatch(field);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      cleanup();
    }
  });
});
