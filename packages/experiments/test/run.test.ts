import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@lrlab/core';
import { readMetricsFile, runExperiment, type EvaluationRecord } from '../src';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';

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

  it('draws gradient and weight noise by variable path: the same run twice in one process gives the same bytes', async () => {
    // Each model this process builds gets a new instance prefix in its tfjs variable names; noise
    // keyed by those names would differ between a run in a study, alone, or resumed in a new process.
    const noisy = tinyConfig({ name: 'noisy', noise: [{ kind: 'gradient', sigma: 0.05 }, { kind: 'weight', sigma: 0.01 }], training: { epochs: 2, batchSize: 10 } });
    const [first, second] = [path.join(root.dir, 'noisy-1'), path.join(root.dir, 'noisy-2')];
    await runExperiment(noisy, { dir: first });
    await runExperiment(noisy, { dir: second });
    const bytes = (dir: string): string => fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8');
    expect(bytes(second)).toBe(bytes(first));
  });

  it('skips a finished run and refuses a folder that holds another config', async () => {
    const dir = path.join(root.dir, 'a');
    const before = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8');
    expect((await runExperiment(tinyConfig(), { dir })).status).toBe('skipped');
    await expect(runExperiment(tinyConfig({ learningRate: 0.5 }), { dir })).rejects.toThrow(ConfigError);
    await expect(runExperiment(tinyConfig({ learningRate: 0.5 }), { dir })).rejects.toThrow(/learningRate/);
    expect(fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8')).toBe(before);
  });
});
