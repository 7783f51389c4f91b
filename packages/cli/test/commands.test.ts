/**
 * The commands over a study or run made through the API: \`status\` and \`run --shard\`, \`report\`
 * and \`list\`, \`resume\` of a diverged run, and \`show-data\` / \`run\` on the image presets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DivergenceError } from '@lrlab/core';
import { PRESETS, loadLatestCheckpoint, runExperiment, runStudy, studyStatus, validateStudy } from '@lrlab/experiments';
import { buildModel, type ModelWeights } from '@lrlab/models';
import { tempDir, tinyConfig, tinyStudy } from '../../../tools/testing/fixtures';
import { runCli } from '../src';
import { capture } from './capture';

describe('lrlab status and run --shard', () => {
  it('runs one slice, reports the rest as pending, and finishes with the other slice', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await runStudy(tinyStudy(), { outDir: dir, shard: { index: 1, count: 2 } });
      expect(first.runs.map((r) => path.basename(r.dir))).toEqual(['large-seed1', 'small-seed1', 'linear-seed1']);
      const studyDir = path.join(dir, 'tiny-study');
      const status = studyStatus(studyDir);
      expect(status.map((s) => `${s.id}:${s.status}`)).toEqual([
        'large-seed1:done',
        'large-seed2:pending',
        'small-seed1:done',
        'small-seed2:pending',
        'linear-seed1:done',
        'linear-seed2:pending',
      ]);
      const io = capture();
      expect(await runCli(['status', studyDir], io)).toBe(1);
      expect(io.out.at(-1)).toBe('3 done, 3 pending');
      const rest = capture();
      expect(await runCli(['run', path.join(studyDir, 'study.json'), '--out', dir, '--shard', '2/2'], rest)).toBe(0);
      expect(studyStatus(studyDir).every((s) => s.status === 'done')).toBe(true);
      expect(await runCli(['status', studyDir], capture())).toBe(0);
    } finally {
      cleanup();
    }
  });
});

describe('lrlab report and list', () => {
  let root: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    root = tempDir();
    await runStudy(tinyStudy(), { outDir: root.dir });
  });
  afterAll(() => root.cleanup());

  it('`lrlab report` rewrites it; `lrlab list` names the presets', async () => {
    const io = capture();
    expect(await runCli(['report', path.join(root.dir, 'tiny-study')], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/report\.md \(6 plot files\)/);
    const list = capture();
    expect(await runCli(['list'], list)).toBe(0);
    expect(list.out.join('\n')).toMatch(/synthetic\n {2}SPEC §1/);
  });
});

describe('lrlab resume', () => {
  let root: ReturnType<typeof tempDir>;
  beforeAll(() => {
    root = tempDir();
  });
  afterAll(() => root.cleanup());

  it('stops an absurd learning rate with a DivergenceError, records it and keeps a usable checkpoint', async () => {
    const dir = path.join(root.dir, 'diverge');
    const config = tinyConfig({
      name: 'diverge',
      noise: [],
      learningRate: { unit: 'epoch', schedule: { kind: 'piecewise-constant', boundaries: [2], values: [0.5, 1e30] } },
    });
    const error = await runExperiment(config, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as DivergenceError).step).toBeGreaterThanOrEqual(10);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['status']).toBe('diverged');
    expect(String(manifest['error'])).toMatch(/diverged at step/);
    // The checkpoint after epoch 2 (step 10) is intact and loads into a model.
    const checkpoint = loadLatestCheckpoint<{ step: number; weights: ModelWeights }>(dir);
    expect(checkpoint?.meta.step).toBe(10);
    const model = buildModel(checkpoint!.meta.weights.model, 1);
    model.loadWeights(checkpoint!.meta.weights);
    expect(model.variables.every((v) => Array.from(v.variable.dataSync()).every(Number.isFinite))).toBe(true);
    model.dispose();
    // A diverged run is terminal: running it again reports it and trains nothing.
    expect(await runExperiment(config, { dir })).toMatchObject({ status: 'diverged', stepsTrained: 0 });
    const io = capture();
    expect(await runCli(['resume', dir], io)).toBe(1);
    expect(io.err.join('\n')).toMatch(/diverged earlier/);
  });
});

describe('lrlab on the image presets', () => {
  it('patched-fashion-mnist reads the real Debian files; show-data draws its three groups', async () => {
    await validateStudy(PRESETS['patched-fashion-mnist']!.study('quick'), 'out');
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'grid.png');
      const io = capture();
      expect(await runCli(['show-data', 'patched-fashion-mnist', '--out', file, '--per-group', '4'], io)).toBe(0);
      expect(io.out.join('\n')).toMatch(/rows clean \(\d+\), image\+patch \(\d+\), patch-only \(\d+\)/);
      expect(fs.readFileSync(file).subarray(1, 4).toString('ascii')).toBe('PNG');
      const synthetic = capture();
      expect(await runCli(['show-data', 'synthetic'], synthetic)).toBe(2);
      expect(synthetic.err.join('\n')).toMatch(/not images/);
    } finally {
      cleanup();
    }
  }, 60_000);

  it('CIFAR-10 presets without the files stop with exit code 2 naming data and the way to get it, writing nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const io = capture();
      expect(await runCli(['run', 'patched-cifar10', '--data-dir', path.join(dir, 'nowhere'), '--out', path.join(dir, 'out')], io)).toBe(2);
      expect(io.err.join('\n')).toMatch(/data: [\s\S]*(download|cifar-10-binary)/i);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});
