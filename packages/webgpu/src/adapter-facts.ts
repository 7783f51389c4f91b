/**
 * What lrlab records about a WebGPU adapter: who made it, whether it is a real GPU or a software
 * rasteriser, how Dawn reached it, and the limits tfjs's kernels depend on. The manifest keeps
 * these facts, and a resume on another adapter is a runtime change.
 */
import type { AdapterRequest, DawnBackend, FeatureLevel, PowerPreference } from './adapter-options';

/** The adapter limits that bound what tfjs's WebGPU kernels can run (bytes, or invocations). */
export interface AdapterLimits {
  /** The largest buffer, in bytes. */
  readonly maxBufferSize: number;
  /** The largest storage binding, in bytes: the largest tensor one kernel can read. */
  readonly maxStorageBufferBindingSize: number;
  /** Workgroup shared memory, in bytes (tiled matrix products use it). */
  readonly maxComputeWorkgroupStorageSize: number;
  /** Invocations in one workgroup. */
  readonly maxComputeInvocationsPerWorkgroup: number;
  /** Workgroups along one dispatch dimension. */
  readonly maxComputeWorkgroupsPerDimension: number;
}

/** An adapter as lrlab describes it. */
export interface AdapterFacts {
  /** The vendor (`nvidia`, `amd`, ...); empty where the driver does not say (llvmpipe). */
  readonly vendor: string;
  /** The architecture (`hopper`, `rdna-3`, ...); empty where the driver does not say. */
  readonly architecture: string;
  /** The device name (`llvmpipe-llvm-15-0-6-256-bits-`, a GPU's name). */
  readonly device: string;
  /** The driver's description (`OpenGL version OpenGL ES 3.2 Mesa 22.3.6`). */
  readonly description: string;
  /** True for a software rasteriser (llvmpipe, lavapipe, SwiftShader, WARP) or a fallback adapter. */
  readonly software: boolean;
  /** The Dawn backend it was reached through. */
  readonly dawnBackend: DawnBackend;
  /** The feature level it was requested at. */
  readonly featureLevel: FeatureLevel;
  /** The power preference it was requested with. */
  readonly powerPreference: PowerPreference;
  /** The limits tfjs's kernels depend on. */
  readonly limits: AdapterLimits;
}

/** The part of a `GPUAdapterInfo` read here. */
export interface AdapterInfoLike {
  /** The vendor. */
  readonly vendor?: string;
  /** The architecture. */
  readonly architecture?: string;
  /** The device. */
  readonly device?: string;
  /** The description. */
  readonly description?: string;
  /** Whether it is a fallback (software) adapter. */
  readonly isFallbackAdapter?: boolean;
}

/** The part of a `GPUAdapter` read here. */
export interface AdapterLike {
  /** Its info. */
  readonly info: AdapterInfoLike;
  /** Its limits, by WebGPU's names. */
  readonly limits: Readonly<Record<string, number>> | object;
  /** The older spelling of `info.isFallbackAdapter`. */
  readonly isFallbackAdapter?: boolean;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|softpipe|swiftshader|software|microsoft basic render|warp/i;

/**
 * Whether an adapter is a software rasteriser rather than a GPU: a fallback adapter, or a device
 * or description naming llvmpipe, lavapipe, softpipe, SwiftShader or WARP. On llvmpipe, Dawn's info
 * reads vendor `''`, architecture `''`, device `llvmpipe-llvm-15-0-6-256-bits-`.
 *
 * @param info - the adapter's info
 * @returns true for a software adapter
 */
export function isSoftwareAdapter(info: AdapterInfoLike): boolean {
  if (info.isFallbackAdapter === true) return true;
  return SOFTWARE_NAMES.test(info.device ?? '') || SOFTWARE_NAMES.test(info.description ?? '');
}

function limit(limits: object, name: keyof AdapterLimits): number {
  const value = (limits as Record<string, unknown>)[name];
  return typeof value === 'number' ? value : 0;
}

/**
 * The facts of an adapter that `request` returned.
 *
 * @param adapter - the adapter
 * @param request - how it was requested
 * @returns its facts
 */
export function adapterFactsOf(adapter: AdapterLike, request: AdapterRequest): AdapterFacts {
  // Dawn's info object keeps its fields as prototype getters: read each by name (a spread copies none).
  const info = adapter.info;
  const named = { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '' };
  const fallback = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  return {
    ...named,
    software: isSoftwareAdapter({ ...named, isFallbackAdapter: fallback }),
    ...request,
    limits: {
      maxBufferSize: limit(adapter.limits, 'maxBufferSize'),
      maxStorageBufferBindingSize: limit(adapter.limits, 'maxStorageBufferBindingSize'),
      maxComputeWorkgroupStorageSize: limit(adapter.limits, 'maxComputeWorkgroupStorageSize'),
      maxComputeInvocationsPerWorkgroup: limit(adapter.limits, 'maxComputeInvocationsPerWorkgroup'),
      maxComputeWorkgroupsPerDimension: limit(adapter.limits, 'maxComputeWorkgroupsPerDimension'),
    },
  };
}

/**
 * One line naming an adapter: `llvmpipe-llvm-15-0-6-256-bits- (software; OpenGL version OpenGL ES
 * 3.2 Mesa 22.3.6) through opengles, compatibility`, or `nvidia hopper (NVIDIA H100) through vulkan`.
 *
 * @param facts - the adapter
 * @returns the line
 */
export function describeAdapter(facts: AdapterFacts): string {
  const maker = [facts.vendor, facts.architecture].filter(Boolean).join(' ');
  const name = maker ? `${maker} (${facts.device || facts.description || 'unnamed'})` : facts.device || facts.description || 'an unnamed adapter';
  const notes = [facts.software ? 'software' : '', maker ? '' : facts.description].filter(Boolean).join('; ');
  const level = facts.featureLevel === 'compatibility' ? ', compatibility' : '';
  return `${name}${notes ? ` (${notes})` : ''} through ${facts.dawnBackend}${level}`;
}

/**
 * The adapter as named strings for a run's runtime identity (its manifest's `kernelPath`): a run
 * resumed on another adapter, Dawn backend or feature level is a runtime change.
 *
 * @param facts - the adapter
 * @param versions - the versions of Dawn's binding and of tfjs's webgpu backend
 * @returns the kernel path
 */
export function adapterKernelPath(facts: AdapterFacts, versions: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    adapterVendor: facts.vendor || '(none)',
    adapterArchitecture: facts.architecture || '(none)',
    adapterDevice: facts.device || '(none)',
    adapterDescription: facts.description || '(none)',
    dawnBackend: facts.dawnBackend,
    featureLevel: facts.featureLevel,
    ...versions,
  };
}
