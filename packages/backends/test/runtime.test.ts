import { describeRuntime, runtimeDifferences, type RuntimeIdentity } from '../src';

const blas: RuntimeIdentity = { backend: 'blas', threads: 2, threadsAffectResults: false, kernelPath: { isa: 'avx512', openblas: '0.3.21', openblasCoreType: 'Haswell' } };

describe('runtimeDifferences', () => {
  it('finds none between equal runtimes, and ignores threads where they do not affect results', () => {
    expect(runtimeDifferences(blas, { ...blas })).toEqual([]);
    expect(runtimeDifferences(blas, { ...blas, threads: 1 })).toEqual([]);
  });

  it('names a changed backend, kernel path entry, and thread count where it matters', () => {
    const wasm: RuntimeIdentity = { backend: 'wasm', threads: 2, threadsAffectResults: false, kernelPath: {} };
    expect(runtimeDifferences(wasm, blas)).toEqual([
      'backend: wasm → blas',
      'kernelPath.isa: (none) → avx512',
      'kernelPath.openblas: (none) → 0.3.21',
      'kernelPath.openblasCoreType: (none) → Haswell',
    ]);
    expect(runtimeDifferences(blas, { ...blas, kernelPath: { ...blas.kernelPath, openblasCoreType: 'SkylakeX' } })).toEqual(['kernelPath.openblasCoreType: Haswell → SkylakeX']);
    const tensorflow: RuntimeIdentity = { backend: 'tensorflow', threads: 4, threadsAffectResults: true, kernelPath: {} };
    expect(runtimeDifferences(tensorflow, { ...tensorflow, threads: 8 })).toEqual(['threads: 4 → 8']);
    expect(runtimeDifferences(tensorflow, { ...tensorflow, threads: null })).toEqual(['threads: 4 → unknown']);
  });
});

describe('a webgpu runtime', () => {
  it('changes with the adapter: another GPU, Dawn backend or feature level is a runtime change', () => {
    const llvmpipe: RuntimeIdentity = {
      backend: 'webgpu',
      threads: null,
      threadsAffectResults: false,
      kernelPath: { adapterVendor: '(none)', adapterArchitecture: '(none)', adapterDevice: 'llvmpipe-llvm-15-0-6-256-bits-', dawnBackend: 'opengles', featureLevel: 'compatibility', webgpu: '0.6.2' },
    };
    const h100: RuntimeIdentity = { ...llvmpipe, kernelPath: { ...llvmpipe.kernelPath, adapterVendor: 'nvidia', adapterArchitecture: 'hopper', adapterDevice: 'NVIDIA H100', dawnBackend: 'vulkan', featureLevel: 'core' } };
    expect(runtimeDifferences(llvmpipe, { ...llvmpipe })).toEqual([]);
    expect(runtimeDifferences(llvmpipe, h100)).toEqual([
      'kernelPath.adapterArchitecture: (none) → hopper',
      'kernelPath.adapterDevice: llvmpipe-llvm-15-0-6-256-bits- → NVIDIA H100',
      'kernelPath.adapterVendor: (none) → nvidia',
      'kernelPath.dawnBackend: opengles → vulkan',
      'kernelPath.featureLevel: compatibility → core',
    ]);
  });
});

describe('describeRuntime', () => {
  it('names the backend, threads and kernel path in one line', () => {
    expect(describeRuntime(blas)).toBe('blas, 2 threads, isa=avx512 openblas=0.3.21 openblasCoreType=Haswell');
    expect(describeRuntime({ backend: 'cpu', threads: null, threadsAffectResults: false, kernelPath: {} })).toBe('cpu');
    expect(describeRuntime({ backend: 'wasm', threads: 1, threadsAffectResults: false, kernelPath: {} })).toBe('wasm, 1 thread');
  });
});
