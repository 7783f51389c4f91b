/**
 * Whether the webgpu backend can run here, without loading it: its packages, then an adapter
 * found by {@link probeAdapter} in a child process.
 */
import { adapterRequests, type WebGpuAdapterOptions } from './adapter-options';
import { describeAdapter, type AdapterFacts } from './adapter-facts';
import { webgpuPackages } from './packages';
import { probeAdapter } from './probe';

/** What {@link webgpuAvailability} found. */
export interface WebGpuAvailability {
  /** True when the packages are installed and an adapter was found. */
  readonly available: boolean;
  /** True when that adapter is a GPU (not a software rasteriser): only then is webgpu chosen automatically. */
  readonly gpu: boolean;
  /** What was found, in words. */
  readonly detail: string;
  /** The adapter found. */
  readonly adapter?: AdapterFacts;
}

/**
 * Checks the packages and probes for an adapter (about 0.2 s, once per process; prints nothing).
 *
 * @param options - the adapter options
 * @returns whether webgpu can run, and on what
 */
export function webgpuAvailability(options: WebGpuAdapterOptions = {}): WebGpuAvailability {
  const packages = webgpuPackages();
  if (!packages.installed) return { available: false, gpu: false, detail: packages.detail };
  const probe = probeAdapter(packages.dawnBinary!, adapterRequests(options));
  if (!probe.adapter) return { available: false, gpu: false, detail: `no WebGPU adapter was found (${probe.tried.join('; ')})` };
  const adapter = probe.adapter;
  return adapter.software
    ? { available: true, gpu: false, adapter, detail: `the only adapter is a software rasteriser: ${describeAdapter(adapter)}` }
    : { available: true, gpu: true, adapter, detail: `GPU adapter ${describeAdapter(adapter)}` };
}
