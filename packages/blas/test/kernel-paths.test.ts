import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { supportedBlasIsas, type BlasIsa } from '../src';
import { requireAddon } from './helpers';

requireAddon();

/** What fixtures/kernel-path-check.mjs prints. */
interface CheckReport {
  readonly kernelPath: { readonly isa: string; readonly openblas: string; readonly openblasCoreType: string; readonly onednn?: string };
  readonly cases: readonly { readonly label: string; readonly sameBitsAcrossThreads: boolean; readonly relativeError: number; readonly exact?: boolean; readonly sameAsAlone?: boolean }[];
}

/** Runs the products and convolutions with 1, 2 and 3 threads in a child process with `env` added. */
function check(env: Record<string, string>): CheckReport {
  const script = join(__dirname, 'fixtures', 'kernel-path-check.mjs');
  const child = spawnSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  if (child.status !== 0) throw new Error(`${script} failed (${JSON.stringify(env)}): ${child.stderr}`);
  return JSON.parse(child.stdout) as CheckReport;
}

function expectThreadIndependentAndAccurate(report: CheckReport): void {
  for (const c of report.cases) {
    expect({ label: c.label, sameBitsAcrossThreads: c.sameBitsAcrossThreads }).toEqual({ label: c.label, sameBitsAcrossThreads: true });
    expect(c.relativeError).toBeLessThan(1e-5);
    // Element-wise kernels are exact float32 emulations: the same bits on every CPU and path.
    if (c.exact !== undefined) expect({ label: c.label, exact: c.exact }).toEqual({ label: c.label, exact: true });
    // Lockstep: each product of a batch, and each run's slice of a stacked reduction, has the bits of its own call.
    if (c.sameAsAlone !== undefined) expect({ label: c.label, sameAsAlone: c.sameAsAlone }).toEqual({ label: c.label, sameAsAlone: true });
  }
  expect(report.cases.filter((c) => c.sameAsAlone !== undefined)).toHaveLength(6);
}

// Every SIMD path this CPU runs, and two OpenBLAS core types besides the one it picks: the kernels
// differ between them, and with OpenBLAS's own threads the bits had depended on the thread count
// under Haswell's kernels (every shape) and SkylakeX's (the two-layer net's forward product).
const isas: BlasIsa[] = supportedBlasIsas();
const coreTypes = isas.includes('avx512') ? ['Haswell', 'SkylakeX'] : isas.includes('avx2') ? ['Haswell', 'Sandybridge'] : ['Nehalem', 'Prescott'];

describe('every kernel path gives the same bits with 1, 2 and 3 threads, within 1e-5 of float64', () => {
  it.each(isas)('LRLAB_BLAS_ISA=%s', (isa) => {
    const report = check({ LRLAB_BLAS_ISA: isa });
    expect(report.kernelPath.isa).toBe(isa);
    // With oneDNN's header installed (the test command installs libdnnl-dev), the convolutions above
    // ran on oneDNN at the forced path's instruction set; never on the generic path.
    if (isa === 'generic') expect(report.kernelPath.onednn).toBeUndefined();
    else if (existsSync('/usr/include/oneapi/dnnl/dnnl.h')) expect(report.kernelPath.onednn).toMatch(isa === 'avx512' ? / avx512_core$/ : / avx2$/);
    expectThreadIndependentAndAccurate(report);
    expect(report.cases.filter((c) => c.exact !== undefined).map((c) => c.label)).toEqual(['sgdStep sgd', 'sgdStep momentum', 'sgdStep nesterov']);
  });

  it.each(coreTypes)('OPENBLAS_CORETYPE=%s', (coreType) => {
    const report = check({ OPENBLAS_CORETYPE: coreType });
    expect(report.kernelPath.openblasCoreType).toBe(coreType);
    expectThreadIndependentAndAccurate(report);
  });
});
