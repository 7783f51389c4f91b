import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRESETS, SCALES, expandStudy, parseExperimentConfig, validateStudy } from '../src';

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

  it('patched-fashion-mnist full is the WRN regime issue 25\'s exploration chose (round 3, ζ ±0.2), and its unpatched twin differs only by the patch', () => {
    const exploration = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../../docs/results/explorations/patched-fashion-mnist-wrn-3.json'), 'utf8'),
    ) as { runs: Array<Record<string, unknown>> };
    const withoutNames = ({ name: _n, description: _d, backend: _b, ...rest }: Record<string, unknown>) => rest;
    const patched = PRESETS['patched-fashion-mnist']!.study('full');
    const chosen = ['large-z0.2-lr0.4', 'small-z0.2-lr0.4', 'noise-z0.2-lr0.4'].map((name) => exploration.runs.find((r) => r['name'] === name)!);
    expect(patched.runs.map((r) => withoutNames({ ...r }))).toEqual(chosen.map(withoutNames));
    const unpatched = PRESETS['fashion-mnist-unpatched']!.study('full');
    expect(unpatched.runs.map((r) => r.name)).toEqual(['large-lr', 'small-lr', 'small-lr-noise']);
    unpatched.runs.forEach((run, i) => {
      const { patch, ...data } = patched.runs[i]!.data as Record<string, unknown>;
      expect(patch).toEqual({ zetaRange: 0.2 });
      expect(run).toEqual({ ...patched.runs[i], data });
    });
  });
});
