import { paperLearningRate, paperNoise, perEpoch, stepsPerEpoch } from '../src';

// The reference (train_util.py) counts epochs from 1 and switches when epoch >= b.
const REFERENCE_EPOCHS = [1, 29, 30, 59, 60, 119, 120, 149, 150, 200];
const ours = (referenceEpoch: number) => referenceEpoch - 1;

/** The reference's own formulas, transcribed, for the exact comparison. */
const reference = {
  default: (lr: number, e: number) => lr * 0.2 ** Number(e >= 60) * 0.2 ** Number(e >= 120) * 0.2 ** Number(e >= 150),
  fixed: (lr: number) => lr,
  decay_once: (lr: number, e: number) => lr * 0.2 ** Number(e >= 150),
  decay_early: (lr: number, e: number) => lr * 0.04 ** Number(e >= 30),
};

describe('paper learning-rate presets', () => {
  it.each(['default', 'fixed', 'decay_once', 'decay_early'] as const)('%s equals the reference at epochs 1, 29, 30, 59, 60, 119, 120, 149, 150, 200', (name) => {
    const schedule = paperLearningRate(name, 0.1);
    for (const e of REFERENCE_EPOCHS) expect(schedule(ours(e))).toBe(reference[name](0.1, e));
  });

  it('pins the values a reader would write down', () => {
    const values = (name: 'default' | 'fixed' | 'decay_once' | 'decay_early') => REFERENCE_EPOCHS.map((e) => paperLearningRate(name, 0.1)(ours(e)));
    const a = 0.1 * 0.2;
    const b = a * 0.2;
    const c = b * 0.2;
    expect(values('default')).toEqual([0.1, 0.1, 0.1, 0.1, a, a, b, b, c, c]);
    expect(values('fixed')).toEqual(new Array(10).fill(0.1));
    expect(values('decay_once')).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, a, a]);
    // decay_early: 29 epochs (reference 1..29, ours 0..28) at the large LR.
    expect(values('decay_early')).toEqual([0.1, 0.1, 0.004, 0.004, 0.004, 0.004, 0.004, 0.004, 0.004, 0.004]);
  });
});

describe('paper noise presets', () => {
  const sigma0 = 0.4;
  const rate = 1e-5;
  it('none keeps σ0 (no decay), step/step_early/cont decay as the reference', () => {
    for (const e of REFERENCE_EPOCHS) {
      expect(paperNoise('none', { initialValue: sigma0, decayRate: rate })(ours(e))).toBe(sigma0);
      expect(paperNoise('step', { initialValue: sigma0, decayRate: rate })(ours(e))).toBe(
        sigma0 * rate ** Number(e >= 60) * rate ** Number(e >= 120) * rate ** Number(e >= 150),
      );
      expect(paperNoise('step_early', { initialValue: sigma0, decayRate: rate })(ours(e))).toBe(sigma0 * rate ** Number(e >= 30));
      expect(paperNoise('cont', { initialValue: sigma0, decayRate: 0.9 })(ours(e))).toBe(sigma0 * 0.9 ** (e - 1));
    }
  });
});

describe('epochs and steps', () => {
  it('counts steps per epoch with and without the last partial batch', () => {
    expect(stepsPerEpoch({ examples: 50_000, batchSize: 128 })).toBe(391);
    expect(stepsPerEpoch({ examples: 50_000, batchSize: 128, dropLast: true })).toBe(390);
    expect(stepsPerEpoch({ examples: 1000, batchSize: 50 })).toBe(20);
    expect(() => stepsPerEpoch({ examples: 10, batchSize: 20, dropLast: true })).toThrow(/batchSize.*<= 10, got 20/);
  });

  it('perEpoch changes the value at the first step of an epoch', () => {
    const lr = perEpoch(paperLearningRate('decay_early', 0.1), 391);
    expect(lr(29 * 391 - 1)).toBe(0.1);
    expect(lr(29 * 391)).toBe(0.004);
    expect(lr(0)).toBe(0.1);
  });
});
