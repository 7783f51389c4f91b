import * as tf from '@tensorflow/tfjs';
import { BackendError, cpuCandidate, defaultCandidates, initBackend, nodeModuleLoader, type ModuleLoader } from '../src';

describe('initBackend', () => {
  const noEnv = {};

  it('picks wasm when no optional package is installed, and says why', async () => {
    const selection = await initBackend({ env: noEnv });
    expect(selection.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(selection.reason).toMatch(/first usable backend in the order tensorflow > wasm > cpu/);
    expect(selection.reason).toMatch(/tensorflow unavailable \(neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed\)/);
    expect(selection.candidates.map((c) => [c.name, c.outcome])).toEqual([
      ['tensorflow', 'unavailable'],
      ['wasm', 'chosen'],
      ['cpu', 'not tried'],
    ]);
    expect(selection.tfjsVersion).toBe(tf.version.tfjs);
    expect(selection.details['threads']).toBeGreaterThanOrEqual(1);
  });

  it('obeys LRLAB_BACKEND over the prefer option', async () => {
    const selection = await initBackend({ prefer: 'wasm', env: { LRLAB_BACKEND: 'cpu' } });
    expect(selection.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(selection.reason).toBe('requested by LRLAB_BACKEND=cpu');
  });

  it('obeys the prefer option, including a list tried in order', async () => {
    expect((await initBackend({ prefer: 'cpu', env: noEnv })).name).toBe('cpu');
    const selection = await initBackend({ prefer: ['tensorflow', 'wasm'], env: noEnv });
    expect(selection.name).toBe('wasm');
    expect(selection.candidates[0]).toMatchObject({ name: 'tensorflow', outcome: 'unavailable' });
  });

  it('fails clearly when tensorflow is asked for without tfjs-node', async () => {
    const attempt = initBackend({ env: { LRLAB_BACKEND: 'tensorflow' } });
    await expect(attempt).rejects.toThrow(BackendError);
    await expect(initBackend({ prefer: 'tensorflow', env: noEnv })).rejects.toThrow(
      /Backend "tensorflow" was requested \(prefer: "tensorflow"\) but neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed\. Install @tensorflow\/tfjs-node \(CPU\) or @tensorflow\/tfjs-node-gpu/,
    );
  });

  it('rejects unknown backend names, listing the known ones', async () => {
    await expect(initBackend({ env: { LRLAB_BACKEND: 'webgpu' } })).rejects.toThrow(
      'Unknown backend "webgpu" (from LRLAB_BACKEND=webgpu). Choose one of: tensorflow, wasm, cpu.',
    );
  });

  it('reports a tfjs-node that registers with another tfjs-core copy', async () => {
    const loader: ModuleLoader = {
      resolve: (id) => (id === '@tensorflow/tfjs-node' ? '/fake/tfjs-node/index.js' : nodeModuleLoader.resolve(id)),
      // The fake tfjs-node registers nothing with our tfjs; the rest loads for real.
      load: (id) => (id === '@tensorflow/tfjs-node' ? {} : nodeModuleLoader.load(id)),
    };
    await expect(initBackend({ prefer: 'tensorflow', candidates: defaultCandidates(loader), env: noEnv })).rejects.toThrow(
      /registered its backend with another copy of @tensorflow\/tfjs-core/,
    );
    // In automatic mode the broken candidate is recorded and the next one is used.
    const selection = await initBackend({ candidates: defaultCandidates(loader), env: noEnv });
    expect(selection.name).toBe('wasm');
    expect(selection.candidates[0]).toMatchObject({ name: 'tensorflow', outcome: 'failed' });
  });

  it('accepts a custom candidate list (later work adds faster CPU candidates)', async () => {
    const selection = await initBackend({ candidates: [cpuCandidate()], env: noEnv });
    expect(selection.name).toBe('cpu');
    expect(selection.candidates).toHaveLength(1);
  });
});
