import { BackendError } from '@lrlab/core';
import { adapterFactsOf, adapterKernelPath, adapterOptionsFromEnv, adapterRequests, describeAdapter, isSoftwareAdapter } from '../src';

describe('adapter options', () => {
  it('reads LRLAB_WEBGPU_ADAPTER, and names a key or value it does not understand', () => {
    expect(adapterOptionsFromEnv({})).toEqual({});
    expect(adapterOptionsFromEnv({ LRLAB_WEBGPU_ADAPTER: ' dawnBackend=opengles , featureLevel=compatibility,powerPreference=low-power ' })).toEqual({
      dawnBackend: 'opengles',
      featureLevel: 'compatibility',
      powerPreference: 'low-power',
    });
    expect(() => adapterOptionsFromEnv({ LRLAB_WEBGPU_ADAPTER: 'backend=vulkan' })).toThrow(BackendError);
    expect(() => adapterOptionsFromEnv({ LRLAB_WEBGPU_ADAPTER: 'backend=vulkan' })).toThrow(/unknown key "backend".*dawnBackend, powerPreference, featureLevel/);
    expect(() => adapterOptionsFromEnv({ LRLAB_WEBGPU_ADAPTER: 'dawnBackend=cuda' })).toThrow(/dawnBackend=cuda is not understood\. Set dawnBackend to one of vulkan, metal, d3d12, d3d11, opengles, opengl/);
    expect(() => adapterOptionsFromEnv({ LRLAB_WEBGPU_ADAPTER: 'toString=x' })).toThrow(/unknown key "toString"/);
  });

  it('tries the platform\'s Dawn backends in order, OpenGL (ES) in compatibility mode, unless told otherwise', () => {
    expect(adapterRequests({}, 'linux')).toEqual([
      { dawnBackend: 'vulkan', powerPreference: 'high-performance', featureLevel: 'core' },
      { dawnBackend: 'opengles', powerPreference: 'high-performance', featureLevel: 'compatibility' },
    ]);
    expect(adapterRequests({}, 'darwin').map((r) => r.dawnBackend)).toEqual(['metal']);
    expect(adapterRequests({}, 'win32').map((r) => r.dawnBackend)).toEqual(['d3d12', 'vulkan']);
    expect(adapterRequests({ dawnBackend: 'vulkan', powerPreference: 'low-power', featureLevel: 'compatibility' }, 'linux')).toEqual([
      { dawnBackend: 'vulkan', powerPreference: 'low-power', featureLevel: 'compatibility' },
    ]);
  });
});

describe('adapter facts', () => {
  const llvmpipe = { vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' };
  const h100 = { vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H100 80GB HBM3', description: 'NVIDIA: 550.54.15' };
  const request = { dawnBackend: 'opengles', powerPreference: 'high-performance', featureLevel: 'compatibility' } as const;

  it('tells a software rasteriser from a GPU', () => {
    expect(isSoftwareAdapter(llvmpipe)).toBe(true);
    expect(isSoftwareAdapter({ ...llvmpipe, device: 'lavapipe' })).toBe(true);
    expect(isSoftwareAdapter({ device: 'SwiftShader Device (Subzero)' })).toBe(true);
    expect(isSoftwareAdapter({ ...h100, isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter(h100)).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'amd', architecture: 'rdna-3', device: 'AMD Radeon RX 7900 XTX (RADV NAVI31)', description: 'radv Mesa 24.0.5' })).toBe(false);
  });

  it('reads Dawn\'s getters by name, and names the adapter and its kernel path', () => {
    // Dawn's info keeps its fields as prototype getters, which a spread would not copy.
    class Info {
      get vendor() { return ''; }
      get architecture() { return ''; }
      get device() { return llvmpipe.device; }
      get description() { return llvmpipe.description; }
    }
    const facts = adapterFactsOf({ info: new Info(), limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 27, maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 1024, maxComputeWorkgroupsPerDimension: 65535, maxBindGroups: 4 } }, request);
    expect(facts).toEqual({
      ...llvmpipe,
      software: true,
      ...request,
      limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 27, maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 1024, maxComputeWorkgroupsPerDimension: 65535 },
    });
    expect(describeAdapter(facts)).toBe('llvmpipe-llvm-15-0-6-256-bits- (software; OpenGL version OpenGL ES 3.2 Mesa 22.3.6) through opengles, compatibility');
    const gpu = adapterFactsOf({ info: h100, limits: {} }, { ...request, dawnBackend: 'vulkan', featureLevel: 'core' });
    expect(describeAdapter(gpu)).toBe('nvidia hopper (NVIDIA H100 80GB HBM3) through vulkan');
    expect(adapterKernelPath(facts, { webgpu: '0.6.2' })).toEqual({
      adapterVendor: '(none)',
      adapterArchitecture: '(none)',
      adapterDevice: llvmpipe.device,
      adapterDescription: llvmpipe.description,
      dawnBackend: 'opengles',
      featureLevel: 'compatibility',
      webgpu: '0.6.2',
    });
  });
});
