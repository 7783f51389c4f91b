// Cell 1, the roofline: sgemm 1024³ through @lrlab/blas. The other cells give their GFLOP/s as a fraction of it,
// so the suite runs it whenever blas is there, asked for or not.
import { log, measure, normal } from '../measure.mjs';

const SETTINGS = {
  quick: { warmup: 1, reps: 3, capMs: 10000 },
  full: { warmup: 2, reps: 11, capMs: 10000 },
};

export default {
  name: 'roofline',
  async run({ mode, blas, machine, note }) {
    if (!blas) {
      note('No roofline: @lrlab/blas is not built or OpenBLAS is missing; fractions of the roofline are not given.');
      return undefined;
    }
    const n = 1024;
    const { sgemm } = blas.blasAddon();
    const a = normal(n * n, 1);
    const b = normal(n * n, 2);
    const c = new Float32Array(n * n);
    const r = await measure(() => sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n), SETTINGS[mode]);
    const flops = 2 * n ** 3;
    const gflops = flops / r.medianMs / 1e6;
    log(`roofline: ${gflops.toFixed(1)} GFLOP/s`);
    return {
      what: 'sgemm 1024³ through @lrlab/blas (cblas_sgemm)',
      n,
      threads: machine.openblasThreads,
      ...r,
      gflops,
      gflopsMin: flops / r.maxMs / 1e6,
      gflopsMax: flops / r.minMs / 1e6,
    };
  },
};
