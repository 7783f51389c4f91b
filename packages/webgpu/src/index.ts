/**
 * The webgpu backend of lrlab: tfjs's WebGPU backend (`@tensorflow/tfjs-backend-webgpu`) in Node
 * through Dawn's node binding (npm `webgpu`, whose binaries ship inside the package). Both are
 * optional peers. `@lrlab/backends` loads this package by name: it is chosen automatically on a
 * real GPU, and on a software rasteriser (Mesa's llvmpipe) only when asked for
 * (`LRLAB_BACKEND=webgpu`). Data reads on it must be asynchronous (`await tensor.data()`).
 *
 * @packageDocumentation
 * @module @lrlab/webgpu
 */
export { registerWebGpuBackend, webgpuRegistration } from './register';
export type { WebGpuRegistration, RegisterWebGpuOptions } from './register';
export { webgpuAvailability } from './availability';
export { registerChunkedAddN } from './add-n-kernel';
export { watchDevice } from './device-health';
export type { DeviceHealth, WatchedDevice, DeviceLostInfo } from './device-health';
export type { WebGpuAvailability } from './availability';
export { webgpuPackages, dawnBinaryPath, DAWN_PACKAGE, TFJS_WEBGPU_PACKAGE, DAWN_TESTED_VERSION } from './packages';
export type { WebGpuPackages } from './packages';
export { probeAdapter } from './probe';
export type { AdapterProbe } from './probe';
export { adapterOptionsFromEnv, adapterRequests, DAWN_BACKENDS, WEBGPU_ADAPTER_ENV_VAR } from './adapter-options';
export type { WebGpuAdapterOptions, AdapterRequest, DawnBackend, PowerPreference, FeatureLevel } from './adapter-options';
export { isSoftwareAdapter, adapterFactsOf, describeAdapter, adapterKernelPath } from './adapter-facts';
export type { AdapterFacts, AdapterLimits, AdapterInfoLike, AdapterLike } from './adapter-facts';
