/**
 * The default candidates, fastest first: native TensorFlow on a GPU, WebGPU on a GPU through the
 * optional `@lrlab/webgpu`, native TensorFlow on CPU, OpenBLAS through the optional `@lrlab/blas`
 * addon, WebAssembly, and the pure-JavaScript cpu backend.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '@lrlab/core';
import type { Availability, BackendCandidate } from './candidate';
import type { RuntimeFacts } from './runtime';
import { registerWasmTrainingKernels } from './wasm/training-kernels';
import { startThreadedWasm, wasmThreadsUnsupported, type WasmThreadsModule } from './wasm/threads';

/** Resolves and loads a module by name; replaceable in tests. */
export interface ModuleLoader {
  /** Returns the module's resolved path, or undefined when it is not installed. */
  resolve(id: string): string | undefined;
  /** Loads the module. */
  load(id: string): unknown;
}

/** Loads modules with Node's `require`, relative to this package (so a user's install is found). */
export const nodeModuleLoader: ModuleLoader = {
  resolve(id) {
    try {
      return require.resolve(id);
    } catch {
      return undefined;
    }
  },
  load(id) {
    // Optional packages must be loaded lazily by name, so a static import is not possible here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id);
  },
};

const NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/**
 * The native TensorFlow candidate: `@tensorflow/tfjs-node-gpu` (CUDA), else `@tensorflow/tfjs-node`.
 * Both download libtensorflow when installed, so they are optional peers; see the backends README for
 * the CUDA/cuDNN versions tfjs-node-gpu 4.22 needs.
 *
 * @param loader - how modules are resolved and loaded
 * @returns the candidate
 */
export function tensorflowCandidate(loader: ModuleLoader = nodeModuleLoader): BackendCandidate {
  const found = (): string | undefined => NODE_PACKAGES.find((id) => loader.resolve(id) !== undefined);
  let loaded: string | undefined;
  return {
    name: 'tensorflow',
    description: 'native TensorFlow through @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node (CPU)',
    packages: NODE_PACKAGES,
    detect(): Availability {
      const id = found();
      return id
        ? { available: true, detail: `${id} is installed` }
        : { available: false, detail: `neither ${NODE_PACKAGES.join(' nor ')} is installed` };
    },
    async load() {
      const id = found();
      if (!id) throw new BackendError('tensorflow', 'No tfjs-node package is installed.', 'Install @tensorflow/tfjs-node.');
      loader.load(id);
      loaded = id;
      if (!tf.findBackendFactory('tensorflow')) {
        throw new BackendError(
          'tensorflow',
          `${id} loaded but registered its backend with another copy of @tensorflow/tfjs-core.`,
          `Install ${id} at the same version as @tensorflow/tfjs (${tf.version.tfjs}) so npm shares one tfjs-core.`,
        );
      }
    },
    runtime(): RuntimeFacts {
      // TensorFlow's CPU kernels split work by thread count (Eigen), and its GPU kernels differ from them.
      return { threadsAffectResults: true, kernelPath: loaded ? { package: loaded } : {} };
    },
  };
}

/** Options of {@link wasmCandidate}. */
export interface WasmCandidateOptions {
  /**
   * XNNPACK threads; default the machine's cores. Above 1 the threaded SIMD build starts through
   * lrlab's run-time shims (see `wasm-threads.ts`); where they do not apply, one thread.
   */
  readonly threads?: number;
}

/**
 * The WebAssembly candidate (`@tensorflow/tfjs-backend-wasm`, a required peer; its .wasm files
 * ship inside the npm package). Loading it also registers lrlab's wasm training kernels and, with
 * more than one thread, starts the threaded build.
 *
 * @param loader - how modules are resolved and loaded
 * @param options - thread count
 * @returns the candidate
 */
export function wasmCandidate(loader: ModuleLoader = nodeModuleLoader, options: WasmCandidateOptions = {}): BackendCandidate {
  const id = '@tensorflow/tfjs-backend-wasm';
  let module: WasmThreadsModule | undefined;
  return {
    name: 'wasm',
    description: 'WebAssembly (XNNPACK) through @tensorflow/tfjs-backend-wasm, with lrlab\'s conv training kernels',
    packages: [id],
    detect(): Availability {
      return loader.resolve(id)
        ? { available: true, detail: `${id} is installed` }
        : { available: false, detail: `${id} is not installed` };
    },
    async load() {
      module = loader.load(id) as WasmThreadsModule;
      registerWasmTrainingKernels();
      const threads = options.threads ?? os.availableParallelism();
      // An already-started wasm backend keeps its build; threads need a fresh start.
      if (threads > 1 && tf.engine().registry['wasm'] === undefined && wasmThreadsUnsupported(module) === undefined) {
        await startThreadedWasm(module, threads);
      }
    },
    describe(): Record<string, number> {
      const threads = module?.getThreadsCount?.();
      return threads === undefined ? {} : { threads };
    },
    runtime(): RuntimeFacts {
      // XNNPACK's threads each compute whole output tiles: results equal one thread's (tested).
      return { threadsAffectResults: false, kernelPath: {} };
    },
  };
}

/** The part of `@lrlab/blas` this candidate uses (core never imports it statically). */
interface BlasModule {
  isBlasAvailable(): { available: boolean; reason: string };
  registerBlasBackend(options?: { threads?: number }): { name: string; threads: number };
  /** The kernel path results depend on (SIMD path, OpenBLAS version and core type); absent before @lrlab/blas 0.2. */
  blasKernelPath?(): Record<string, string>;
}

/** Options of {@link blasCandidate}. */
export interface BlasCandidateOptions {
  /** OpenBLAS threads; default the machine's cores. */
  readonly threads?: number;
}

const BLAS_PACKAGE = '@lrlab/blas';

/**
 * The OpenBLAS candidate: the optional `@lrlab/blas` package, loaded by name through `loader`,
 * whose native addon runs matrix products and convolutions on the system OpenBLAS
 * (`libopenblas-dev`). Available only when the package is installed and its addon loads; the
 * selection reports its OpenBLAS thread count as `details.threads`.
 *
 * @param loader - how modules are resolved and loaded
 * @param options - thread count
 * @returns the candidate
 */
export function blasCandidate(loader: ModuleLoader = nodeModuleLoader, options: BlasCandidateOptions = {}): BackendCandidate {
  let threads: number | undefined;
  const module = (): BlasModule => loader.load(BLAS_PACKAGE) as BlasModule;
  return {
    name: 'blas',
    description: 'OpenBLAS through the optional @lrlab/blas native addon (the cpu backend with sgemm matmuls and convolutions)',
    packages: [BLAS_PACKAGE],
    detect(): Availability {
      if (!loader.resolve(BLAS_PACKAGE)) return { available: false, detail: `${BLAS_PACKAGE} is not installed` };
      let status: { available: boolean; reason: string };
      try {
        status = module().isBlasAvailable();
      } catch (error) {
        return { available: false, detail: `${BLAS_PACKAGE} failed to load: ${error instanceof Error ? error.message : String(error)}` };
      }
      return status.available
        ? { available: true, detail: `${BLAS_PACKAGE} is installed and ${status.reason}` }
        : { available: false, detail: `${BLAS_PACKAGE} is installed but ${status.reason}` };
    },
    async load() {
      const registration = module().registerBlasBackend(options.threads === undefined ? {} : { threads: options.threads });
      threads = registration.threads;
    },
    describe(): Record<string, number> {
      return threads === undefined ? {} : { threads };
    },
    runtime(): RuntimeFacts {
      const blas = module();
      // Without a kernel path an older addon's products were split by OpenBLAS's thread count.
      if (typeof blas.blasKernelPath !== 'function') return { threadsAffectResults: true, kernelPath: {} };
      return { threadsAffectResults: false, kernelPath: blas.blasKernelPath() };
    },
  };
}

/** The part of `@lrlab/webgpu` this candidate uses (backends never imports it statically). */
interface WebGpuModule {
  webgpuAvailability(options?: WebGpuAdapterOptions): {
    available: boolean;
    gpu: boolean;
    detail: string;
    adapter?: WebGpuAdapterFacts;
  };
  registerWebGpuBackend(options?: WebGpuAdapterOptions): Promise<{ adapter: WebGpuAdapterFacts; versions: Record<string, string> }>;
  adapterOptionsFromEnv(env?: Readonly<Record<string, string | undefined>>): WebGpuAdapterOptions;
  adapterKernelPath(adapter: WebGpuAdapterFacts, versions?: Record<string, string>): Record<string, string>;
  describeAdapter(adapter: WebGpuAdapterFacts): string;
}

/** The adapter options `@lrlab/webgpu` takes (its `WebGpuAdapterOptions`). */
export interface WebGpuAdapterOptions {
  /** Dawn's native backend: `vulkan`, `metal`, `d3d12`, `d3d11`, `opengles` or `opengl`. */
  readonly dawnBackend?: string;
  /** `high-performance` or `low-power`. */
  readonly powerPreference?: string;
  /** `core` or `compatibility`. */
  readonly featureLevel?: string;
}

/** The adapter facts `@lrlab/webgpu` reports (its `AdapterFacts`), as this package reads them. */
interface WebGpuAdapterFacts {
  readonly vendor: string;
  readonly architecture: string;
  readonly dawnBackend: string;
  readonly featureLevel: string;
  readonly software: boolean;
  readonly limits: Readonly<Record<string, number>>;
}

const WEBGPU_PACKAGE = '@lrlab/webgpu';

/**
 * The WebGPU candidate: the optional `@lrlab/webgpu` package (with its optional peers `webgpu`,
 * Dawn's node binding, and `@tensorflow/tfjs-backend-webgpu`), loaded by name through `loader`.
 * `detect()` probes for an adapter in a child process (about 0.2 s, once per process, silent); a
 * software rasteriser such as Mesa's llvmpipe is available but not `automatic`: it runs only when
 * asked for (`LRLAB_BACKEND=webgpu`). Adapter options come from `options`, else from
 * `LRLAB_WEBGPU_ADAPTER`. Reads of its tensors must be asynchronous.
 *
 * @param loader - how modules are resolved and loaded
 * @param options - the adapter options; default `LRLAB_WEBGPU_ADAPTER`'s
 * @returns the candidate
 */
export function webgpuCandidate(loader: ModuleLoader = nodeModuleLoader, options?: WebGpuAdapterOptions): BackendCandidate {
  const module = (): WebGpuModule => loader.load(WEBGPU_PACKAGE) as WebGpuModule;
  const adapterOptions = (): WebGpuAdapterOptions => options ?? module().adapterOptionsFromEnv();
  let found: WebGpuAdapterFacts | undefined;
  let running: { adapter: WebGpuAdapterFacts; versions: Record<string, string> } | undefined;
  return {
    name: 'webgpu',
    description: "WebGPU through the optional @lrlab/webgpu (Dawn's node binding, npm webgpu, and @tensorflow/tfjs-backend-webgpu): a GPU through Vulkan, Metal or D3D12",
    packages: [WEBGPU_PACKAGE, 'webgpu', '@tensorflow/tfjs-backend-webgpu'],
    detect(): Availability {
      if (!loader.resolve(WEBGPU_PACKAGE)) return { available: false, detail: `${WEBGPU_PACKAGE} is not installed` };
      let status: ReturnType<WebGpuModule['webgpuAvailability']>;
      try {
        status = module().webgpuAvailability(adapterOptions());
      } catch (error) {
        return { available: false, detail: `${WEBGPU_PACKAGE} failed to load: ${error instanceof Error ? error.message : String(error)}` };
      }
      found = status.adapter;
      return status.available ? { available: true, automatic: status.gpu, detail: status.detail } : { available: false, detail: `${WEBGPU_PACKAGE} is installed but ${status.detail}` };
    },
    async load() {
      // Ask for the adapter the probe found first, so Dawn does not retry (and warn about) the others.
      const probed = found ? { dawnBackend: found.dawnBackend, featureLevel: found.featureLevel } : {};
      running = await module().registerWebGpuBackend({ ...probed, ...adapterOptions() });
    },
    describe(): Record<string, string | number> {
      if (!running) return {};
      const { adapter } = running;
      return {
        adapter: module().describeAdapter(adapter),
        vendor: adapter.vendor || '(none)',
        architecture: adapter.architecture || '(none)',
        dawnBackend: adapter.dawnBackend,
        featureLevel: adapter.featureLevel,
        software: adapter.software ? 'yes' : 'no',
        ...adapter.limits,
      };
    },
    runtime(): RuntimeFacts {
      // LRLAB_THREADS does not reach the GPU; the adapter, its Dawn backend and the versions do.
      return { threadsAffectResults: false, kernelPath: running ? module().adapterKernelPath(running.adapter, running.versions) : {} };
    },
  };
}

/**
 * The pure-JavaScript candidate, always available (it ships with `@tensorflow/tfjs`); the slowest.
 *
 * @returns the candidate
 */
export function cpuCandidate(): BackendCandidate {
  return {
    name: 'cpu',
    description: 'pure JavaScript (@tensorflow/tfjs-backend-cpu, part of @tensorflow/tfjs)',
    packages: ['@tensorflow/tfjs'],
    detect: () => ({ available: true, detail: 'always available' }),
    async load() {
      // Registered by @tensorflow/tfjs itself.
    },
    runtime: () => ({ threadsAffectResults: false, kernelPath: {} }),
  };
}

/** The environment variable that sets the thread count of the blas and wasm backends: `LRLAB_THREADS=1`. */
export const THREADS_ENV_VAR = 'LRLAB_THREADS';

/**
 * The thread count `LRLAB_THREADS` asks for, or undefined (each backend's default: the cores).
 *
 * @param env - where to read it; default `process.env`
 * @returns a positive integer, or undefined
 * @throws BackendError when it is set but not a positive integer
 */
export function threadsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number | undefined {
  const text = env[THREADS_ENV_VAR]?.trim();
  if (!text) return undefined;
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new BackendError('threads', `${THREADS_ENV_VAR}=${text} is not a positive integer.`, `Set ${THREADS_ENV_VAR} to a whole number of threads such as 1 or 2, or unset it.`);
  }
  return threads;
}

/**
 * The default candidate list, in order of preference: tensorflow (GPU) > webgpu (GPU) > tensorflow (CPU) > blas > wasm > cpu
 * (tfjs-node-gpu, webgpu on a GPU adapter, tfjs-node). tensorflow is one candidate, so it
 * comes before webgpu when `@tensorflow/tfjs-node-gpu` is installed and after it otherwise. The
 * blas and wasm thread counts come from `LRLAB_THREADS` when it is set.
 *
 * @param loader - how modules are resolved and loaded (tests pass a fake)
 * @param env - where `LRLAB_THREADS` is read; default `process.env`
 * @returns a new list
 */
export function defaultCandidates(loader: ModuleLoader = nodeModuleLoader, env: Readonly<Record<string, string | undefined>> = process.env): BackendCandidate[] {
  const threads = threadsFromEnv(env);
  const options = threads === undefined ? {} : { threads };
  const tensorflow = tensorflowCandidate(loader);
  const webgpu = webgpuCandidate(loader);
  const gpuTensorflow = loader.resolve('@tensorflow/tfjs-node-gpu') !== undefined;
  return [...(gpuTensorflow ? [tensorflow, webgpu] : [webgpu, tensorflow]), blasCandidate(loader, options), wasmCandidate(loader, options), cpuCandidate()];
}
