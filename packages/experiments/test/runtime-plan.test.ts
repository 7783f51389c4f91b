/** What a resume checks about the runtime, and which backend it asks for. */
import type { RuntimeIdentity } from '@lrlab/backends';
import { checkRuntimeChange } from '../src/record';
import { planBackend } from '../src/run-backend';

const CPU: RuntimeIdentity = { backend: 'cpu', threads: null, threadsAffectResults: false, kernelPath: {} };
const WASM: RuntimeIdentity = { backend: 'wasm', threads: 2, threadsAffectResults: false, kernelPath: {} };

describe('RuntimeChangeError', () => {
  it("names the OPENBLAS_CORETYPE to start with when only OpenBLAS's core type differs", () => {
    const recorded: RuntimeIdentity = { backend: 'blas', threads: 2, threadsAffectResults: false, kernelPath: { isa: 'avx2', openblasCoreType: 'Haswell' } };
    const current: RuntimeIdentity = { ...recorded, kernelPath: { isa: 'avx2', openblasCoreType: 'SkylakeX' } };
    expect(() => checkRuntimeChange('runs/a', recorded, current, false)).toThrow(
      'runs/a was trained on blas, 2 threads, isa=avx2 openblasCoreType=Haswell; this process runs blas, 2 threads, isa=avx2 openblasCoreType=SkylakeX ' +
        "(kernelPath.openblasCoreType: Haswell → SkylakeX), so resuming could change its metrics. Resume where that runtime is available (OpenBLAS's core type " +
        'only changes at start: run with OPENBLAS_CORETYPE=Haswell), or pass --allow-runtime-change (allowRuntimeChange: true) to continue on this one; the manifest then records the change.',
    );
    expect(checkRuntimeChange('runs/a', recorded, current, true)).toEqual(['kernelPath.openblasCoreType: Haswell → SkylakeX']);
    // Threads that do not affect results are no difference.
    expect(checkRuntimeChange('runs/a', recorded, { ...recorded, threads: 16 }, false)).toEqual([]);
  });
});

describe('planBackend', () => {
  const blas: RuntimeIdentity = { backend: 'blas', threads: 8, threadsAffectResults: false, kernelPath: { isa: 'avx2', openblas: '0.3.21' } };
  const v1Wasm: RuntimeIdentity = { backend: 'wasm', threads: 2, threadsAffectResults: true, kernelPath: {} };

  it('asks a resuming auto run for its recorded backend first, then the usual order', () => {
    expect(planBackend({ configBackend: 'auto', resumeOn: v1Wasm }, {})).toEqual({
      prefer: ['wasm', 'webgpu', 'tensorflow', 'blas', 'cpu'],
      pins: { LRLAB_THREADS: '2' },
    });
    expect(planBackend({ configBackend: 'auto', resumeOn: blas }, {})).toEqual({
      prefer: ['blas', 'webgpu', 'tensorflow', 'wasm', 'cpu'],
      pins: { LRLAB_BLAS_ISA: 'avx2' },
    });
  });

  it('asks a run resumed from webgpu for webgpu first: named first, a software adapter runs too', () => {
    const webgpu: RuntimeIdentity = { backend: 'webgpu', threads: null, threadsAffectResults: false, kernelPath: { dawnBackend: 'opengles' } };
    expect(planBackend({ configBackend: 'auto', resumeOn: webgpu }, {})).toEqual({ prefer: ['webgpu', 'tensorflow', 'blas', 'wasm', 'cpu'], pins: {} });
  });

  it('keeps a new run, and a config that names its backend, as they were', () => {
    expect(planBackend({ configBackend: 'auto' }, {})).toEqual({ prefer: undefined, pins: {} });
    expect(planBackend({ configBackend: 'cpu', resumeOn: blas }, {})).toEqual({ prefer: 'cpu', pins: { LRLAB_BLAS_ISA: 'avx2' } });
  });

  it('never overrides what the user set, and pins threads only where they affect results', () => {
    expect(planBackend({ configBackend: 'auto', resumeOn: v1Wasm }, { LRLAB_THREADS: '4' }).pins).toEqual({});
    expect(planBackend({ configBackend: 'auto', resumeOn: blas }, { LRLAB_BLAS_ISA: 'generic' }).pins).toEqual({});
    expect(planBackend({ configBackend: 'auto', resumeOn: WASM }, {}).pins).toEqual({});
    // A backend this lrlab does not know is not asked for; the comparison decides.
    expect(planBackend({ configBackend: 'auto', resumeOn: { ...CPU, backend: 'metal' } }, {}).prefer).toBeUndefined();
  });
});
