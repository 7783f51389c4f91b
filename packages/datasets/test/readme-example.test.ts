import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lrlab/backends';
import { buildDataset, generateTwoPattern, selectGroups, trainStream, withTensors } from '../src';

beforeAll(() => initBackend({ prefer: 'cpu' }));

// The README's example, kept compiling and true.
describe('README example', () => {
  it('trains on the A-only examples alone, and builds patched Fashion-MNIST from a config', async () => {
    const before = tf.memory().numTensors;
    const { train, test } = generateTwoPattern({ variant: 'small' }, 7);
    const aOnly = selectGroups(train, ['a-only']);
    expect(aOnly.size).toBe(50);
    expect(test.both.size).toBe(1000);
    const stream = trainStream(aOnly, { batchSize: 25, seed: 7 });
    const batch = stream.batch(0, 1);
    expect(trainStream(aOnly, { batchSize: 25, seed: 7 }).batch(0, 1)).toEqual(batch);
    expect(withTensors(batch, ({ x, y }) => [x.shape, y.shape])).toEqual([[25, 502], [25]]);
    expect(tf.memory().numTensors).toBe(before);

    const data = await buildDataset({ kind: 'fashion-mnist', subset: { perClass: 100 }, patch: {} }, 1);
    expect(Object.keys(data.evalSets)).toEqual(['clean', 'mixed', 'patch-only']);
    expect(data.resolved).toMatchObject({ kind: 'fashion-mnist', batchSize: 128, patch: { patchSize: 7 } });
    expect(data.train.dataset.size).toBe(1000);
  });
});
