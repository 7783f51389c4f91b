import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRESETS, SCALES, expandStudy, parseExperimentConfig, runCli, validateStudy } from '../src';
import { capture, tempDir } from './helpers';

describe('presets', () => {
  it('are JSON studies whose every run passes the schema, at both scales', () => {
    for (const [name, preset] of Object.entries(PRESETS)) {
      for (const scale of SCALES) {
        const study = preset.study(scale);
        expect(JSON.parse(JSON.stringify(study))).toEqual(study);
        for (const run of expandStudy(study, 'out')) expect(() => parseExperimentConfig(run.config, `${name}/${run.run}`)).not.toThrow();
      }
    }
  });

  it('synthetic: quick is the full regime shrunk 4× with the same ratios; full is SPEC §1', async () => {
    const quick = PRESETS['synthetic']!.study('quick');
    const full = PRESETS['synthetic']!.study('full');
    expect(quick.runs.map((r) => r.name)).toEqual(['large-lr', 'small-lr', 'small-lr-noise']);
    expect(full.runs[0]).toMatchObject({ data: { variant: 'spec' }, training: { epochs: 200, batchSize: 50 }, model: { width: 200 } });
    expect(quick.baselines?.map((b) => b.training.groups)).toEqual([['a-only'], ['a-only', 'both']]);
    const runs = await validateStudy(quick, 'out'); // builds the data and checks every config against it
    expect(runs).toHaveLength(15);
  });

  it('synthetic sweeps: N over four sizes for both runs; the large LR over six values (from the small LR up), annealed to the one small-lr run', () => {
    const n = expandStudy(PRESETS['synthetic-sweep-n']!.study('quick'), 'out').filter((r) => r.seed === 1);
    expect(n.map((r) => r.run)).toEqual(['large-lr--125', 'large-lr--250', 'large-lr--500', 'large-lr--1000', 'small-lr--125', 'small-lr--250', 'small-lr--500', 'small-lr--1000']);
    expect(n.map((r) => (r.config.data as { trainSize?: number }).trainSize)).toEqual([125, 250, 500, 1000, 125, 250, 500, 1000]);
    const lr = expandStudy(PRESETS['synthetic-sweep-lr']!.study('quick'), 'out').filter((r) => r.seed === 1);
    expect(lr.map((r) => r.run)).toEqual(['large-lr--0.3', 'large-lr--0.45', 'large-lr--0.75', 'large-lr--1.5', 'large-lr--3', 'large-lr--4.5', 'small-lr']);
    expect(lr.slice(0, 6).map((r) => r.config.learningRate)).toEqual(
      [0.3, 0.45, 0.75, 1.5, 3, 4.5].map((v) => ({ unit: 'epoch', schedule: { kind: 'piecewise-constant', boundaries: [180], values: [v, 0.3] } })),
    );
  });

  it('patched-fashion-mnist reads the real Debian files; show-data draws its three groups', async () => {
    await validateStudy(PRESETS['patched-fashion-mnist']!.study('quick'), 'out');
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'grid.png');
      const io = capture();
      expect(await runCli(['show-data', 'patched-fashion-mnist', '--out', file, '--per-group', '4'], io)).toBe(0);
      expect(io.out.join('\n')).toMatch(/rows clean \(\d+\), image\+patch \(\d+\), patch-only \(\d+\)/);
      expect(fs.readFileSync(file).subarray(1, 4).toString('ascii')).toBe('PNG');
      const synthetic = capture();
      expect(await runCli(['show-data', 'synthetic'], synthetic)).toBe(2);
      expect(synthetic.err.join('\n')).toMatch(/not images/);
    } finally {
      cleanup();
    }
  }, 60_000);

  it('CIFAR-10 presets without the files stop with exit code 2 naming data and the way to get it, writing nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const io = capture();
      expect(await runCli(['run', 'patched-cifar10', '--data-dir', path.join(dir, 'nowhere'), '--out', path.join(dir, 'out')], io)).toBe(2);
      expect(io.err.join('\n')).toMatch(/data: [\s\S]*(download|cifar-10-binary)/i);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});
