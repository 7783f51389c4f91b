import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '@lrlab/core';
import { blasCandidate, cpuCandidate, defaultCandidates, initBackend, nodeModuleLoader, type ModuleLoader } from '../src';

/** A loader on which the optional packages tfjs-node, @lrlab/blas and @lrlab/webgpu are not installed. */
const withoutOptional: ModuleLoader = {
  resolve: (id) => (id === '@lrlab/blas' || id === '@lrlab/webgpu' ? undefined : nodeModuleLoader.resolve(id)),
  load: (id) => nodeModuleLoader.load(id),
};

/** A loader whose `@lrlab/blas` is a fake: its addon status is `status`, and it registers `blas` as a plain cpu backend. */
function fakeBlasLoader(status: { available: boolean; reason: string }, threadsSeen: number[] = [], kernelPath?: Record<string, string>): ModuleLoader {
  const fake = {
    ...(kernelPath ? { blasKernelPath: () => kernelPath } : {}),
    isBlasAvailable: () => status,
    registerBlasBackend: (options: { threads?: number } = {}) => {
      if (!tf.findBackendFactory('blas')) tf.registerBackend('blas', tf.findBackendFactory('cpu')!, 0);
      const threads = options.threads ?? 7;
      threadsSeen.push(threads);
      return { name: 'blas', threads };
    },
  };
  return {
    resolve: (id) => (id === '@lrlab/blas' ? '/fake/blas/index.js' : withoutOptional.resolve(id)),
    load: (id) => (id === '@lrlab/blas' ? fake : nodeModuleLoader.load(id)),
  };
}

describe('initBackend', () => {
  const noEnv = {};

  it('picks wasm when no optional package is installed, and says why', async () => {
    const selection = await initBackend({ env: noEnv, candidates: defaultCandidates(withoutOptional) });
    expect(selection.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(selection.reason).toMatch(/first usable backend in the order webgpu > tensorflow > blas > wasm > cpu/);
    expect(selection.reason).toMatch(/webgpu unavailable \(@lrlab\/webgpu is not installed\)/);
    expect(selection.reason).toMatch(/tensorflow unavailable \(neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed\)/);
    expect(selection.reason).toMatch(/blas unavailable \(@lrlab\/blas is not installed\)/);
    expect(selection.candidates.map((c) => [c.name, c.outcome])).toEqual([
      ['webgpu', 'unavailable'],
      ['tensorflow', 'unavailable'],
      ['blas', 'unavailable'],
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
    const selection = await initBackend({ prefer: ['tensorflow', 'wasm'], env: noEnv, candidates: defaultCandidates(withoutOptional) });
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
    await expect(initBackend({ env: { LRLAB_BACKEND: 'metal' }, candidates: defaultCandidates(withoutOptional) })).rejects.toThrow(
      'Unknown backend "metal" (from LRLAB_BACKEND=metal). Choose one of: webgpu, tensorflow, blas, wasm, cpu.',
    );
  });

  it('reports a tfjs-node that registers with another tfjs-core copy', async () => {
    const loader: ModuleLoader = {
      resolve: (id) => (id === '@tensorflow/tfjs-node' ? '/fake/tfjs-node/index.js' : withoutOptional.resolve(id)),
      // The fake tfjs-node registers nothing with our tfjs; the rest loads for real.
      load: (id) => (id === '@tensorflow/tfjs-node' ? {} : nodeModuleLoader.load(id)),
    };
    await expect(initBackend({ prefer: 'tensorflow', candidates: defaultCandidates(loader), env: noEnv })).rejects.toThrow(
      /registered its backend with another copy of @tensorflow\/tfjs-core/,
    );
    // In automatic mode the broken candidate is recorded and the next one is used.
    const selection = await initBackend({ candidates: defaultCandidates(loader), env: noEnv });
    expect(selection.name).toBe('wasm');
    expect(selection.candidates[1]).toMatchObject({ name: 'tensorflow', outcome: 'failed' });
  });

  it('accepts a custom candidate list (later work adds faster CPU candidates)', async () => {
    const selection = await initBackend({ candidates: [cpuCandidate()], env: noEnv });
    expect(selection.name).toBe('cpu');
    expect(selection.candidates).toHaveLength(1);
  });

  it('prefers blas to wasm when @lrlab/blas loads, and reports its thread count', async () => {
    const threadsSeen: number[] = [];
    const loader = fakeBlasLoader({ available: true, reason: 'OpenBLAS addon loaded from /fake' }, threadsSeen);
    const selection = await initBackend({ env: noEnv, candidates: defaultCandidates(loader) });
    expect(selection.name).toBe('blas');
    expect(tf.getBackend()).toBe('blas');
    expect(selection.candidates.map((c) => [c.name, c.outcome])).toEqual([
      ['webgpu', 'unavailable'],
      ['tensorflow', 'unavailable'],
      ['blas', 'chosen'],
      ['wasm', 'not tried'],
      ['cpu', 'not tried'],
    ]);
    expect(selection.candidates[2]!.detail).toBe('@lrlab/blas is installed and OpenBLAS addon loaded from /fake');
    // No thread count given: @lrlab/blas defaults to the machine's cores (7 in the fake).
    expect(selection.details).toEqual({ threads: 7 });
    const pinned = await initBackend({ env: { LRLAB_BACKEND: 'blas' }, candidates: [blasCandidate(loader, { threads: 2 }), cpuCandidate()] });
    expect(pinned.reason).toBe('requested by LRLAB_BACKEND=blas');
    expect(pinned.details).toEqual({ threads: 2 });
    expect(threadsSeen).toEqual([7, 2]);
    // An addon without blasKernelPath (before 0.2) split products by OpenBLAS's thread count.
    expect(pinned.runtime).toEqual({ backend: 'blas', threads: 2, threadsAffectResults: true, kernelPath: {} });
  });

  it('reports the runtime results depend on: blas\'s kernel path, not its thread count', async () => {
    const path = { isa: 'avx2', openblas: '0.3.21', openblasCoreType: 'Haswell' };
    const loader = fakeBlasLoader({ available: true, reason: 'OpenBLAS addon loaded from /fake' }, [], path);
    const selection = await initBackend({ env: { LRLAB_BACKEND: 'blas' }, candidates: [blasCandidate(loader, { threads: 3 })] });
    expect(selection.runtime).toEqual({ backend: 'blas', threads: 3, threadsAffectResults: false, kernelPath: path });
    const cpu = await initBackend({ env: { LRLAB_BACKEND: 'cpu' }, candidates: [cpuCandidate()] });
    expect(cpu.runtime).toEqual({ backend: 'cpu', threads: null, threadsAffectResults: false, kernelPath: {} });
  });

  it('falls back to wasm when @lrlab/blas is installed but its addon is not built', async () => {
    const loader = fakeBlasLoader({ available: false, reason: 'the native addon is not built (/fake/lrlab_blas.node is missing)' });
    const selection = await initBackend({ env: noEnv, candidates: defaultCandidates(loader) });
    expect(selection.name).toBe('wasm');
    expect(selection.candidates[2]).toEqual({
      name: 'blas',
      outcome: 'unavailable',
      detail: '@lrlab/blas is installed but the native addon is not built (/fake/lrlab_blas.node is missing)',
    });
    await expect(initBackend({ env: { LRLAB_BACKEND: 'blas' }, candidates: defaultCandidates(loader) })).rejects.toThrow(
      /Backend "blas" was requested \(LRLAB_BACKEND=blas\) but @lrlab\/blas is installed but the native addon is not built.*apt-get install -y libopenblas-dev/,
    );
  });

  it('fails clearly when blas is asked for without @lrlab/blas', async () => {
    const attempt = initBackend({ env: { LRLAB_BACKEND: 'blas' }, candidates: defaultCandidates(withoutOptional) });
    await expect(attempt).rejects.toThrow(BackendError);
    await expect(initBackend({ prefer: 'blas', env: noEnv, candidates: defaultCandidates(withoutOptional) })).rejects.toThrow(
      /Backend "blas" was requested \(prefer: "blas"\) but @lrlab\/blas is not installed\. Install @lrlab\/blas with OpenBLAS/,
    );
  });

  it('records a @lrlab/blas that throws while loading, and uses the next candidate', async () => {
    const loader: ModuleLoader = {
      resolve: (id) => (id === '@lrlab/blas' ? '/fake/blas/index.js' : withoutOptional.resolve(id)),
      load: (id) => {
        if (id === '@lrlab/blas') throw new Error('broken install');
        return nodeModuleLoader.load(id);
      },
    };
    const selection = await initBackend({ env: noEnv, candidates: defaultCandidates(loader) });
    expect(selection.name).toBe('wasm');
    expect(selection.candidates[2]).toMatchObject({ name: 'blas', outcome: 'unavailable', detail: '@lrlab/blas failed to load: broken install' });
  });
});

/**
 * A loader whose `@lrlab/webgpu` is a fake: its probe finds `adapter` (a GPU, or a software
 * rasteriser), and it registers `webgpu` as a plain cpu backend.
 */
function fakeWebGpuLoader(gpu: boolean, extra: Readonly<Record<string, string>> = {}): ModuleLoader {
  const adapter = { vendor: gpu ? 'nvidia' : '', architecture: gpu ? 'hopper' : '', dawnBackend: gpu ? 'vulkan' : 'opengles', featureLevel: gpu ? 'core' : 'compatibility', software: !gpu, limits: { maxBufferSize: 1024 } };
  const requested: object[] = [];
  const fake = {
    requested,
    webgpuAvailability: () => ({ available: true, gpu, adapter, detail: gpu ? 'GPU adapter nvidia hopper through vulkan' : 'the only adapter is a software rasteriser: llvmpipe' }),
    registerWebGpuBackend: async (options: object) => {
      requested.push(options);
      if (!tf.findBackendFactory('webgpu')) tf.registerBackend('webgpu', tf.findBackendFactory('cpu')!, 0);
      return { adapter, versions: { webgpu: '0.6.2' } };
    },
    adapterOptionsFromEnv: () => ({}),
    adapterKernelPath: (a: typeof adapter, versions: Record<string, string>) => ({ adapterVendor: a.vendor || '(none)', dawnBackend: a.dawnBackend, ...versions }),
    describeAdapter: (a: typeof adapter) => `${a.vendor || 'llvmpipe'} through ${a.dawnBackend}`,
  };
  return {
    resolve: (id) => (id === '@lrlab/webgpu' ? '/fake/webgpu/index.js' : extra[id] ?? withoutOptional.resolve(id)),
    load: (id) => (id === '@lrlab/webgpu' ? fake : nodeModuleLoader.load(id)),
  };
}

describe('the webgpu candidate', () => {
  const noEnv = {};

  it('is chosen automatically on a GPU, first unless tfjs-node-gpu is installed, and records the adapter', async () => {
    const selection = await initBackend({ env: noEnv, candidates: defaultCandidates(fakeWebGpuLoader(true)) });
    expect(selection.name).toBe('webgpu');
    expect(selection.reason).toMatch(/^first usable backend in the order webgpu > tensorflow > blas > wasm > cpu/);
    expect(selection.runtime).toEqual({ backend: 'webgpu', threads: null, threadsAffectResults: false, kernelPath: { adapterVendor: 'nvidia', dawnBackend: 'vulkan', webgpu: '0.6.2' } });
    expect(selection.details).toMatchObject({ adapter: 'nvidia through vulkan', vendor: 'nvidia', architecture: 'hopper', dawnBackend: 'vulkan', featureLevel: 'core', software: 'no', maxBufferSize: 1024 });
    const withNodeGpu = defaultCandidates(fakeWebGpuLoader(true, { '@tensorflow/tfjs-node-gpu': '/fake/tfjs-node-gpu/index.js' }));
    expect(withNodeGpu.map((c) => c.name)).toEqual(['tensorflow', 'webgpu', 'blas', 'wasm', 'cpu']);
  });

  it('runs on a software rasteriser only when asked for, and then on the adapter the probe found', async () => {
    const loader = fakeWebGpuLoader(false);
    const auto = await initBackend({ env: noEnv, candidates: defaultCandidates(loader) });
    expect(auto.name).toBe('wasm');
    expect(auto.candidates[0]).toEqual({
      name: 'webgpu',
      outcome: 'unavailable',
      detail: 'the only adapter is a software rasteriser: llvmpipe; it runs only when asked for (LRLAB_BACKEND=webgpu)',
    });
    // Named as a fallback, not first (a resume's list): not run either.
    const fallback = await initBackend({ prefer: ['tensorflow', 'webgpu', 'cpu'], env: noEnv, candidates: defaultCandidates(loader) });
    expect(fallback.name).toBe('cpu');
    expect(fallback.candidates.find((c) => c.name === 'webgpu')?.detail).toMatch(/runs only when named first$/);
    const forced = await initBackend({ env: { LRLAB_BACKEND: 'webgpu' }, candidates: defaultCandidates(loader) });
    expect(forced.name).toBe('webgpu');
    expect(forced.details['software']).toBe('yes');
    expect((loader.load('@lrlab/webgpu') as { requested: object[] }).requested.at(-1)).toEqual({ dawnBackend: 'opengles', featureLevel: 'compatibility' });
  });
});

describe("tfjs's Node.js banner", () => {
  it('is not printed on the backends lrlab chooses itself (checked in a fresh process, on the built package)', () => {
    const script = `
      const tf = require('@tensorflow/tfjs');
      const { initBackend } = require('@lrlab/backends');
      (async () => {
        for (const name of ['cpu', 'blas']) {
          await initBackend({ prefer: [name, 'cpu'], env: {} });
          tf.dispose(tf.tensor1d([1, 2, 3]));
        }
        console.warn('a warning of its own');
      })();`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, LRLAB_BACKEND: '' } });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('a warning of its own');
    expect(run.stderr).not.toMatch(/looks like you are running TensorFlow\.js in Node\.js/);
  });
});
