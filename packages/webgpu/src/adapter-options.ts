/**
 * Which WebGPU adapter to ask Dawn for: its native backend (Vulkan, Metal, D3D12, OpenGL ES), the
 * power preference and the feature level. Set in code, or with `LRLAB_WEBGPU_ADAPTER`.
 */
import { BackendError } from '@lrlab/core';

/** Dawn's native backends, as its `backend=` flag names them. */
export const DAWN_BACKENDS = ['vulkan', 'metal', 'd3d12', 'd3d11', 'opengles', 'opengl'] as const;

/** One of {@link DAWN_BACKENDS}. */
export type DawnBackend = (typeof DAWN_BACKENDS)[number];

/** WebGPU's power preference, passed to `requestAdapter`. */
export type PowerPreference = 'high-performance' | 'low-power';

/**
 * WebGPU's feature level: `core`, or `compatibility` (what a GPU without full WebGPU support, or
 * OpenGL ES, offers; tfjs's kernels run on it).
 */
export type FeatureLevel = 'core' | 'compatibility';

/** The adapter options a user may set; each omitted one takes the default of {@link adapterRequests}. */
export interface WebGpuAdapterOptions {
  /** Dawn's native backend; default by platform (Linux: vulkan, then opengles). */
  readonly dawnBackend?: DawnBackend;
  /** Default `high-performance` (a discrete GPU where there are two). */
  readonly powerPreference?: PowerPreference;
  /** Default `core`, and `compatibility` on OpenGL (ES). */
  readonly featureLevel?: FeatureLevel;
}

/** One adapter request: a Dawn backend with the options `requestAdapter` receives. */
export interface AdapterRequest {
  /** Dawn's native backend. */
  readonly dawnBackend: DawnBackend;
  /** The power preference. */
  readonly powerPreference: PowerPreference;
  /** The feature level. */
  readonly featureLevel: FeatureLevel;
}

/**
 * The environment variable with adapter options, comma-separated `key=value` pairs:
 * `LRLAB_WEBGPU_ADAPTER=dawnBackend=vulkan,powerPreference=low-power,featureLevel=core`.
 */
export const WEBGPU_ADAPTER_ENV_VAR = 'LRLAB_WEBGPU_ADAPTER';

const CHOICES: Readonly<Record<keyof WebGpuAdapterOptions, readonly string[]>> = {
  dawnBackend: DAWN_BACKENDS,
  powerPreference: ['high-performance', 'low-power'],
  featureLevel: ['core', 'compatibility'],
};

/**
 * The adapter options in `LRLAB_WEBGPU_ADAPTER`, or `{}` when it is unset.
 *
 * @param env - where to read it; default `process.env`
 * @returns the options it sets
 * @throws BackendError naming the key or value that is not understood, with the choices
 * @example
 * ```ts
 * adapterOptionsFromEnv({ LRLAB_WEBGPU_ADAPTER: 'dawnBackend=opengles,featureLevel=compatibility' });
 * // { dawnBackend: 'opengles', featureLevel: 'compatibility' }
 * ```
 */
export function adapterOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): WebGpuAdapterOptions {
  const text = env[WEBGPU_ADAPTER_ENV_VAR]?.trim();
  if (!text) return {};
  const options: Record<string, string> = {};
  for (const pair of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key = '', value, ...rest] = pair.split('=').map((s) => s.trim());
    const choices = Object.hasOwn(CHOICES, key) ? CHOICES[key as keyof WebGpuAdapterOptions] : undefined;
    if (!choices) {
      throw new BackendError('webgpu', `${WEBGPU_ADAPTER_ENV_VAR} has an unknown key ${JSON.stringify(key)}.`, `Use ${Object.keys(CHOICES).join(', ')}, e.g. ${WEBGPU_ADAPTER_ENV_VAR}=dawnBackend=vulkan.`);
    }
    if (value === undefined || rest.length > 0 || !choices.includes(value)) {
      throw new BackendError('webgpu', `${WEBGPU_ADAPTER_ENV_VAR}: ${key}=${value ?? ''} is not understood.`, `Set ${key} to one of ${choices.join(', ')}.`);
    }
    options[key] = value;
  }
  return options as WebGpuAdapterOptions;
}

/** The Dawn backends tried by default on a platform, in order. */
function platformBackends(platform: NodeJS.Platform): DawnBackend[] {
  if (platform === 'darwin') return ['metal'];
  if (platform === 'win32') return ['d3d12', 'vulkan'];
  // Linux: a real GPU through Vulkan; else OpenGL ES (Mesa's llvmpipe on a machine without a GPU).
  return ['vulkan', 'opengles'];
}

/**
 * The adapter requests to try, in order: the Dawn backend asked for, or the platform's
 * (Linux: vulkan, then opengles), each with its feature level (`compatibility` on OpenGL (ES),
 * else `core`, unless one was asked for) and the power preference (default `high-performance`).
 *
 * @param options - what the user set
 * @param platform - default `process.platform`
 * @returns the requests, first to try first
 */
export function adapterRequests(options: WebGpuAdapterOptions = {}, platform: NodeJS.Platform = process.platform): AdapterRequest[] {
  const backends = options.dawnBackend ? [options.dawnBackend] : platformBackends(platform);
  return backends.map((dawnBackend) => ({
    dawnBackend,
    powerPreference: options.powerPreference ?? 'high-performance',
    featureLevel: options.featureLevel ?? (dawnBackend.startsWith('opengl') ? 'compatibility' : 'core'),
  }));
}
