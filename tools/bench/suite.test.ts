/**
 * Smoke test of the benchmark suite (`npm run bench`): a `--quick` run of the roofline and
 * two-layer cells into a temp folder must write bench.json and bench.md with the expected cells and
 * positive numbers. No timing threshold is asserted. Uses the built packages (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface Row {
  backend: string;
  d: number;
  steps: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  examplesPerS: number;
  gflops: number;
  fractionOfRoofline: number | null;
}

describe('benchmark suite', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlab-bench-test-'));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes the roofline and two-layer cells with positive numbers (--quick --only roofline,two-layer)', () => {
    const script = path.join(__dirname, 'suite.mjs');
    const result = spawnSync(process.execPath, [script, '--quick', '--only', 'roofline,two-layer', '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'bench.json'), 'utf8')) as {
      mode: string;
      machine: { cpuCount: number; node: string };
      backends: Record<string, { available: boolean }>;
      cells: Record<string, { gflops?: number; medianMs?: number; rows?: Row[] }>;
      targets: { target: string }[];
    };
    expect(json.mode).toBe('quick');
    expect(json.machine.cpuCount).toBeGreaterThan(0);
    expect(Object.keys(json.cells).sort()).toEqual(json.backends['blas']?.available ? ['roofline', 'two-layer'] : ['two-layer']);
    if (json.backends['blas']?.available) {
      expect(json.cells['roofline']!.gflops).toBeGreaterThan(0);
      expect(json.cells['roofline']!.medianMs).toBeGreaterThan(0);
    }
    const rows = json.cells['two-layer']!.rows!;
    const available = Object.entries(json.backends).filter(([, b]) => b.available).map(([name]) => name);
    expect(available.length).toBeGreaterThan(0);
    expect(rows.map((r) => `${r.backend}:${r.d}`).sort()).toEqual(available.flatMap((b) => [`${b}:2002`, `${b}:502`]).sort());
    for (const r of rows) {
      expect(r.steps).toBeGreaterThan(0);
      for (const v of [r.medianMs, r.minMs, r.maxMs, r.examplesPerS, r.gflops]) expect(v).toBeGreaterThan(0);
      if (r.fractionOfRoofline !== null) expect(r.fractionOfRoofline).toBeGreaterThan(0);
    }
    expect(json.targets.length).toBeGreaterThan(0);
    const md = fs.readFileSync(path.join(out, 'bench.md'), 'utf8');
    expect(md).toContain('## Two-layer net');
    expect(fs.readdirSync(out).sort()).toEqual(['bench.json', 'bench.md']);
  }, 60_000);

  it('renders the PyTorch peer section from a bench.json that has it (the cell itself needs python3-torch)', () => {
    const cell = {
      what: 'one training step',
      torch: '1.13.1',
      tunedMalloc: 'glibc.malloc.mmap_threshold=1',
      defaultMalloc: [{ model: 'wrn16x1', batch: 32, threads: 2, parameters: 175066, steps: 10, lrlabMs: 110, pytorchMs: 58, ratio: 110 / 58 }],
      tuned: null,
    };
    const script = `import { markdown } from './tools/bench/render.mjs';
      const r = { mode: 'full', date: 'd', machine: { cpuCount: 2, cpuModel: 'cpu', ramGiB: 1, node: 'v20', platform: 'linux' }, versions: {}, backends: {}, targets: [], notes: [], cells: { pytorch: ${JSON.stringify(cell)} } };
      console.log(markdown(r));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('## PyTorch as a peer');
    expect(run.stdout).toContain('| default | wrn16x1 | 32 | 2 | 110 | 58 | 1.90× | 10 |');
  });
});
