import { InvalidConfigError, checkRun, parseExperimentConfig, resolveExperimentConfig, type ExperimentConfig } from '../src';
import { tinyConfig } from '../../../tools/testing/fixtures';

describe('experiment configs', () => {
  it('lists every structural problem at once, each by its path', () => {
    const bad = { ...tinyConfig(), seed: -1, training: { epochs: 0, batchSize: 0 } };
    let error: unknown;
    try {
      parseExperimentConfig(bad, 'test');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const paths = (error as InvalidConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['seed', 'training.epochs', 'training.batchSize']));
  });

  it('resolves defaults in one place, and resolving a resolved config changes nothing', () => {
    const config: ExperimentConfig = {
      name: 'defaults',
      data: { kind: 'synthetic', variant: 'tiny' },
      model: { kind: 'two-layer' },
      training: { epochs: 20, batchSize: 10 },
      learningRate: { schedule: { kind: 'multi-step', initialValue: 1, milestones: [15], gamma: 0.1 } },
      noise: [{ kind: 'preactivation', sigma: 0.1 }],
    };
    const resolved = resolveExperimentConfig(parseExperimentConfig(config), { imageModel: false });
    expect(resolved).toMatchObject({
      seed: 1,
      backend: 'auto',
      optimizer: { kind: 'sgd' },
      weightDecay: null,
      learningRate: { unit: 'epoch' },
      noise: [{ kind: 'preactivation', mode: 'iid', sigma: 0.1 }],
      evaluation: { everyEpochs: 1, epochs: [], early: null, batchSize: 1000, sets: null, groupWeights: null },
      checkpoint: { everyEpochs: 2 },
      events: [{ epoch: 15, label: 'anneal' }],
      training: { dropLast: false, groups: null },
    });
    expect(resolveExperimentConfig(parseExperimentConfig(resolved), { imageModel: false })).toEqual(resolved);
    expect(resolveExperimentConfig(parseExperimentConfig(config), { imageModel: true }).noise[0]?.mode).toBe('shared-map');
  });

  it('refuses training.groups on a patched dataset, whose draws get their group when drawn (the selection dropped the patch)', () => {
    // Fashion-MNIST from Debian's dataset-fashion-mnist (the test command installs it).
    const patched = (groups: string[]): ExperimentConfig => ({
      name: 'patched-groups',
      data: { kind: 'fashion-mnist', subset: { perClass: 2, pick: 'first' }, testSubset: { perClass: 1, pick: 'first' }, patch: {} },
      model: { kind: 'small-cnn', channels: [4, 8] },
      training: { epochs: 1, batchSize: 4, groups },
      learningRate: 0.1,
    });
    for (const groups of [['clean'], ['image+patch']]) {
      let error: unknown;
      try {
        checkRun(patched(groups), 'test');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect((error as InvalidConfigError).issues).toEqual([
        {
          path: 'training.groups',
          message: expect.stringMatching(/^expected no group selection: this dataset's training examples get their group \(clean, image\+patch, patch-only\) when each is drawn.*set data\.patch to null$/),
        },
      ]);
    }
    // Unpatched, the stored groups are the drawn ones: selecting one is fine.
    const unpatched = patched(['clean']);
    expect(() => checkRun({ ...unpatched, data: { ...unpatched.data, patch: null } } as ExperimentConfig, 'test')).not.toThrow();
  });
});
