// Training on the webgpu backend (Mesa's llvmpipe in CI, forced with backend: 'webgpu'): the same
// runs as on cpu within a stated tolerance, the same bits twice on one adapter, the adapter in the
// manifest, and no tensor or GPU buffer that outlives a run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { runExperiment, type ExperimentConfig } from '../src';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';

/**
 * The tolerance of a webgpu run against the same run on cpu: GPU float32 is not bit-equal to the
 * CPU's (other summation orders, fused multiply-adds), so every metric may differ by
 * RELATIVE × |cpu value| + ABSOLUTE, and an accuracy by one example of its group.
 */
const RELATIVE = 1e-4;
const ABSOLUTE = 1e-5;

/** Every numeric leaf of a metrics record, by path; with the example count of its group. */
function leaves(value: unknown, at = '', examples = 0, out = new Map<string, { value: number; examples: number }>()): Map<string, { value: number; examples: number }> {
  if (typeof value === 'number') out.set(at, { value, examples });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${at}[${i}]`, examples, out));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const count = typeof record['examples'] === 'number' ? record['examples'] : examples;
    for (const [key, v] of Object.entries(record)) leaves(v, `${at}.${key}`, count, out);
  }
  return out;
}

/** The leaves of two runs' metrics that differ by more than the tolerance, and the largest relative difference. */
function compare(cpu: string, gpu: string): { outside: string[]; largestRelative: number } {
  const [a, b] = [cpu, gpu].map((text) => text.trim().split('\n').map((line) => JSON.parse(line) as unknown));
  expect(b!.length).toBe(a!.length);
  const outside: string[] = [];
  let largestRelative = 0;
  a!.forEach((record, i) => {
    const [la, lb] = [leaves(record), leaves(b![i])];
    expect([...lb.keys()]).toEqual([...la.keys()]);
    for (const [key, { value, examples }] of la) {
      const other = lb.get(key)!.value;
      const difference = Math.abs(other - value);
      const allowed = key.endsWith('.accuracy') && examples > 0 ? 1 / examples + 1e-12 : ABSOLUTE + RELATIVE * Math.abs(value);
      if (difference > allowed) outside.push(`${i}${key}: cpu ${value}, webgpu ${other}`);
      if (!key.endsWith('.accuracy')) largestRelative = Math.max(largestRelative, difference / Math.max(Math.abs(value), 1e-3));
    }
  });
  return { outside, largestRelative };
}

// The tiny synthetic run; and a small CNN on a Fashion-MNIST subset with every other injector, the
// bound Nesterov optimizer and weight decay (batch norm, convolutions, pooling and dropout on the GPU).
const CONFIGS: readonly ExperimentConfig[] = [
  tinyConfig({ training: { epochs: 4, batchSize: 10 } }),
  {
    name: 'fashion-cnn',
    seed: 1,
    backend: 'cpu',
    data: { kind: 'fashion-mnist', subset: { perClass: 4, pick: 'first' }, testSubset: { perClass: 3, pick: 'first' } },
    model: { kind: 'small-cnn', channels: [4, 8], dropout: 0.2 },
    training: { epochs: 2, batchSize: 20 },
    optimizer: { kind: 'nesterov', momentum: 0.9 },
    weightDecay: { value: 5e-4, mode: 'coupled' },
    learningRate: 0.05,
    noise: [
      { kind: 'preactivation', sigma: 0.2, mode: 'shared-map' },
      { kind: 'gradient', sigma: 0.01 },
      { kind: 'weight', sigma: 0.001 },
    ],
    evaluation: { everyEpochs: 1 },
  } as ExperimentConfig,
];

describe('training on webgpu', () => {
  let root: ReturnType<typeof tempDir>;
  beforeAll(() => {
    root = tempDir();
  });
  afterAll(() => root.cleanup());
  const metrics = (dir: string): string => fs.readFileSync(path.join(root.dir, dir, 'metrics.jsonl'), 'utf8');

  it.each(CONFIGS)('$name: matches cpu within the tolerance, gives the same bits twice, and records the adapter', async (config) => {
    const name = config.name;
    expect((await runExperiment(config, { dir: path.join(root.dir, `${name}-cpu`) })).status).toBe('finished');
    const gpu = { ...config, backend: 'webgpu' } as ExperimentConfig;
    expect((await runExperiment(gpu, { dir: path.join(root.dir, `${name}-gpu-a`) })).status).toBe('finished');
    expect(tf.getBackend()).toBe('webgpu');
    await runExperiment(gpu, { dir: path.join(root.dir, `${name}-gpu-b`) });

    expect(metrics(`${name}-gpu-b`)).toBe(metrics(`${name}-gpu-a`));
    const { outside, largestRelative } = compare(metrics(`${name}-cpu`), metrics(`${name}-gpu-a`));
    expect(outside).toEqual([]);
    expect(largestRelative).toBeLessThan(RELATIVE);

    const manifest = JSON.parse(fs.readFileSync(path.join(root.dir, `${name}-gpu-a`, 'manifest.json'), 'utf8')) as { runtime: { backend: string; kernelPath: Record<string, string> } };
    expect(manifest.runtime.backend).toBe('webgpu');
    expect(manifest.runtime.kernelPath).toMatchObject({ dawnBackend: expect.any(String), featureLevel: expect.any(String), adapterDevice: expect.any(String), webgpu: expect.any(String) });
  });

  it('leaves no tensor and no GPU memory behind: a longer run ends where a short one did', async () => {
    const run = async (epochs: number, dir: string) => {
      await runExperiment({ ...tinyConfig({ name: dir, training: { epochs, batchSize: 10 } }), backend: 'webgpu' } as ExperimentConfig, { dir: path.join(root.dir, dir) });
      const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesAllocatedInGPU?: number };
      return { tensors: memory.numTensors, bytesInGpu: memory.numBytesInGPU, bytesAllocatedInGpu: memory.numBytesAllocatedInGPU };
    };
    await run(2, 'warm-up'); // lets tfjs compile its shaders and fill its buffer pool
    const short = await run(2, 'short');
    const long = await run(12, 'long'); // 60 steps, 7 evaluations, 6 checkpoints
    expect(short.bytesInGpu).toEqual(expect.any(Number));
    expect(long).toEqual(short);
  });
});
