/**
 * Registers tfjs's WebGPU backend in Node on an adapter lrlab chose. tfjs-backend-webgpu registers
 * itself only where `navigator.gpu` exists and asks for a default adapter; in Node neither holds,
 * so lrlab loads Dawn's binding, asks for the adapter (its Dawn backend, power preference and
 * feature level), and registers a `webgpu` backend factory on that adapter's device.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '@lrlab/core';
import { adapterRequests, type AdapterRequest, type WebGpuAdapterOptions } from './adapter-options';
import { adapterFactsOf, type AdapterFacts, type AdapterLike } from './adapter-facts';
import { TFJS_WEBGPU_PACKAGE, webgpuPackages } from './packages';
import { registerChunkedAddN } from './add-n-kernel';
import { watchDevice, type DeviceHealth, type WatchedDevice } from './device-health';

/** The part of Dawn's `GPU` object used here. */
interface GpuLike {
  requestAdapter(options: { powerPreference: string; featureLevel: string }): Promise<(AdapterLike & DeviceSource) | null>;
}

interface DeviceSource {
  requestDevice(descriptor: { requiredLimits: Record<string, number> }): Promise<WatchedDevice>;
}

interface DawnBinding {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

interface TfjsWebGpuModule {
  WebGPUBackend: new (device: unknown, adapterInfo?: unknown) => tf.KernelBackend;
}

/** The webgpu backend as registered. */
export interface WebGpuRegistration {
  /** The tfjs backend name: `webgpu`. */
  readonly name: 'webgpu';
  /** The adapter it runs on. */
  readonly adapter: AdapterFacts;
  /** The versions of `webgpu` and `@tensorflow/tfjs-backend-webgpu`. */
  readonly versions: Readonly<Record<string, string>>;
  /** The device's errors and loss, checked at every read of a tensor. */
  readonly health: DeviceHealth;
}

/** Options of {@link registerWebGpuBackend}. */
export interface RegisterWebGpuOptions extends WebGpuAdapterOptions {
  /** Where `EGL_PLATFORM` is defaulted; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

let registered: WebGpuRegistration | undefined;

function installGlobals(dawn: DawnBinding, gpu: GpuLike): void {
  // tfjs's kernels read WebGPU's constants (GPUBufferUsage, GPUMapMode, ...) from the global scope.
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  const scope = globalThis as { navigator?: object };
  if (scope.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

async function firstAdapter(dawn: DawnBinding, requests: readonly AdapterRequest[]): Promise<{ gpu: GpuLike; adapter: AdapterLike & DeviceSource; request: AdapterRequest }> {
  const tried: string[] = [];
  for (const request of requests) {
    const gpu = dawn.create([`backend=${request.dawnBackend}`]);
    const adapter = await gpu.requestAdapter({ powerPreference: request.powerPreference, featureLevel: request.featureLevel });
    if (adapter) return { gpu, adapter, request };
    tried.push(`${request.dawnBackend} (${request.featureLevel})`);
  }
  throw new BackendError(
    'webgpu',
    `Dawn found no WebGPU adapter (tried ${tried.join(', ')}).`,
    process.platform === 'linux'
      ? 'On a GPU, install its Vulkan driver and loader (libvulkan1); without one, Mesa\'s software path: sudo apt-get install -y libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri. ' +
          'Headless, Mesa also needs EGL_PLATFORM=surfaceless in the environment the process started with (lrlab sets it in its own; a test runner such as jest must set it before it starts).'
      : 'Install the GPU driver, or choose another backend.',
  );
}

/**
 * Loads Dawn's binding and tfjs's WebGPU backend, asks for an adapter with each of
 * {@link adapterRequests} in turn, and registers the `webgpu` tfjs backend on the first adapter's
 * device (asked for every limit at the adapter's value), with lrlab's chunked `AddN`. Call
 * `tf.setBackend('webgpu')` afterwards. A second call returns the first registration.
 *
 * @param options - the adapter options
 * @returns the registration: the adapter and the package versions
 * @throws BackendError when a package is missing or no adapter is found
 */
export async function registerWebGpuBackend(options: RegisterWebGpuOptions = {}): Promise<WebGpuRegistration> {
  if (registered && tf.findBackendFactory('webgpu')) return registered;
  const packages = webgpuPackages();
  if (!packages.installed) {
    throw new BackendError('webgpu', `The webgpu backend cannot load: ${packages.detail}.`, `npm install webgpu@0.6.2 ${TFJS_WEBGPU_PACKAGE}@${tf.version.tfjs}`);
  }
  const env = options.env ?? process.env;
  if (process.platform === 'linux' && !env['EGL_PLATFORM']) env['EGL_PLATFORM'] = 'surfaceless';
  // Load tfjs's backend before navigator.gpu exists, so it registers its kernels but not its own factory.
  // Optional peers are loaded lazily by name, so a static import is not possible here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tfjsWebGpu = require(TFJS_WEBGPU_PACKAGE) as TfjsWebGpuModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dawn = require(packages.dawnBinary!) as DawnBinding;
  const { gpu, adapter, request } = await firstAdapter(dawn, adapterRequests(options));
  installGlobals(dawn, gpu);
  // Every limit at the adapter's value, not WebGPU's defaults: tfjs's own factory raises six, but
  // its kernels also bind more storage buffers per shader (concat, AddN) than the default 8.
  const requiredLimits: Record<string, number> = {};
  for (const name in adapter.limits) {
    const value = (adapter.limits as Record<string, unknown>)[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const device = await adapter.requestDevice({ requiredLimits });
  const facts = adapterFactsOf(adapter, request);
  const health = watchDevice(device);
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend(
    'webgpu',
    () => {
      const backend = new tfjsWebGpu.WebGPUBackend(device, adapter.info);
      // Every asynchronous read (tensor.data(), the only kind webgpu allows in Node) fails with a
      // typed error once the device reported one: waiting for the read delivers the device's events.
      const read = backend.read.bind(backend);
      backend.read = async (dataId: object) => {
        const values = await read(dataId);
        health.check();
        return values;
      };
      return backend;
    },
    0,
  );
  registerChunkedAddN();
  registered = { name: 'webgpu', adapter: facts, versions: packages.versions, health };
  return registered;
}

/**
 * The registration of {@link registerWebGpuBackend} in this process, if any.
 *
 * @returns the registration, or undefined before one
 */
export function webgpuRegistration(): WebGpuRegistration | undefined {
  return registered;
}
