import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, completeModelConfig, modelPreset, resolveModelConfig } from '../src';
import { gaussianNoise, randomInput } from './helpers';
import { LOGISTIC_KIND, USER_MODELS } from './user-kind';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

// The README's example, kept true (with seeded data for the README's tf.randomNormal, and a
// WRN-16-1 in place of building the 68 MB WRN-16-10, whose count wide-resnet.test.ts checks).
describe('README example', () => {
  it('builds the two-layer net (0 at init), steps it with noise, and round-trips a WRN-16-1', async () => {
    await tf.setBackend('cpu');
    const net = buildModel({ kind: 'two-layer', inputSize: 2002, width: 200 }, 42);
    const x = randomInput([50, 2002], 1);
    const labels = tf.tensor1d(new Array(50).fill(1), 'int32');
    const logits = net.apply(x, { training: false, step: 0 });
    expect(logits.shape).toEqual([50, 1]);
    expect(Array.from(logits.dataSync())).toEqual(new Array(50).fill(0));

    const noise = gaussianNoise(1);
    const { value, grads } = tf.variableGrads(() => net.loss(net.apply(x, { training: true, step: 0, noise }), labels), [...net.trainableVariables]);
    expect(Object.keys(grads)).toEqual([`${net.name}/hidden/kernel`]);
    expect(value.dataSync()[0]).toBeGreaterThan(0);

    const small = buildModel(modelPreset('wrn16x1', { inputShape: [28, 28, 1] }), 42);
    expect(small.noiseSites).toHaveLength(13);
    expect(small.parameterCount()).toBe(174_778);
    const copy = buildModel(small.config, 7);
    copy.loadWeights(JSON.parse(JSON.stringify(await small.saveWeights())));
    expect(await copy.saveWeights()).toEqual(await small.saveWeights());
    tf.dispose([x, labels, logits, value, grads]);
    [net, small, copy].forEach((m) => m.dispose());
  });
});

describe('README, the registry and your own kind', () => {
  it('completes, resolves and builds a config as the registry example says', async () => {
    await tf.setBackend('cpu');
    const config = completeModelConfig({ kind: 'small-cnn', channels: [2] }, { exampleShape: [4, 4, 1], numClasses: 3 });
    expect(config).toEqual({ kind: 'small-cnn', channels: [2], inputShape: [4, 4, 1], numClasses: 3 });
    const resolved = resolveModelConfig(config, 'model');
    const model = buildModel(config, 1, { name: 'net' });
    expect(model.config).toEqual(resolved);
    model.dispose();
  });

  it('shows test/user-kind.ts as the user kind, and it builds as the README says', () => {
    const source = readFileSync(join(__dirname, 'user-kind.ts'), 'utf8');
    const shown = source.slice(source.indexOf('import * as tf'), source.indexOf("/** The built-in kinds and the user's")).trimEnd().replace("from '../src';", "from '@lrlab/models';");
    expect(README).toContain('```ts\n' + shown + '\n```');
    expect(README).toContain("const registry = withKinds(MODELS, { 'my-logistic': LOGISTIC_KIND }, 'model kind');");
    const registry = USER_MODELS;
    expect(registry['my-logistic']).toBe(LOGISTIC_KIND);
    const config = completeModelConfig({ kind: 'my-logistic' }, { exampleShape: [2, 3], numClasses: 2 }, registry);
    const model = buildModel(config, 5, { registry });
    expect(model.config).toEqual({ kind: 'my-logistic', inputSize: 6, numClasses: 2, initStd: 0.01 });
    model.dispose();
  });
});
