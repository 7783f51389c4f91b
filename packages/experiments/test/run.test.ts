import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, DivergenceError } from '@lrlab/core';
import { buildModel, type ModelWeights } from '@lrlab/models';
import { loadLatestCheckpoint, readMetricsFile, runCli, runExperiment, type EvaluationRecord } from '../src';
import { capture, tempDir, tinyConfig } from './helpers';

describe('runExperiment', () => {
  let root: ReturnType<typeof tempDir>;
  beforeAll(() => {
    root = tempDir();
  });
  afterAll(() => root.cleanup());

  it('writes config, manifest and metrics; the same seed twice gives byte-identical metrics, another seed differs', async () => {
    const a = path.join(root.dir, 'a');
    const b = path.join(root.dir, 'b');
    const c = path.join(root.dir, 'c');
    expect((await runExperiment(tinyConfig(), { dir: a })).status).toBe('finished');
    await runExperiment(tinyConfig(), { dir: b });
    await runExperiment(tinyConfig({ seed: 2 }), { dir: c });
    const bytes = (dir: string): string => fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8');
    expect(bytes(a)).toBe(bytes(b));
    expect(bytes(a)).not.toBe(bytes(c));

    const records = readMetricsFile(path.join(a, 'metrics.jsonl')) as unknown as EvaluationRecord[];
    // Step 0, epoch 1, then every 2 epochs to 6: steps 0, 5, 10, 20, 30.
    expect(records.map((r) => r.step)).toEqual([0, 5, 10, 20, 30]);
    expect(records[0]!.trainLoss).toBeNull();
    expect(records[4]!.learningRate).toBeCloseTo(0.1, 12);
    const first = records[0]!.sets['train']!;
    expect(Object.keys(first.accuracy.groups).sort()).toEqual(['a-only', 'b-only', 'both']);
    // The two-layer net outputs exactly 0 at init: every margin is 0.
    expect(first.margin.groups['both']!.max).toBe(0);
    const last = records[4]!.sets['train']!;
    expect(last.accuracy.overall!.accuracy).toBeGreaterThan(0.6);
    expect(JSON.stringify(records)).not.toMatch(/time|seconds|date/i);

    const manifest = JSON.parse(fs.readFileSync(path.join(a, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['status']).toBe('finished');
    const config = JSON.parse(fs.readFileSync(path.join(a, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config['model']).toMatchObject({ kind: 'two-layer', width: 20, inputSize: 102, numClasses: 2 });
  });

  it('skips a finished run and refuses a folder that holds another config', async () => {
    const dir = path.join(root.dir, 'a');
    const before = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8');
    expect((await runExperiment(tinyConfig(), { dir })).status).toBe('skipped');
    await expect(runExperiment(tinyConfig({ learningRate: 0.5 }), { dir })).rejects.toThrow(ConfigError);
    await expect(runExperiment(tinyConfig({ learningRate: 0.5 }), { dir })).rejects.toThrow(/learningRate/);
    expect(fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8')).toBe(before);
  });

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
