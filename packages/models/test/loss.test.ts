import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { buildModel, crossEntropyLoss, logisticLoss } from '../src';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const softplus = (z: number) => Math.log1p(Math.exp(z));

describe('losses', () => {
  it('logistic: mean log(1 + exp(−y·f)) with y = 2·label − 1', () => {
    const loss = logisticLoss(tf.tensor2d([[0], [2], [-3]]), tf.tensor1d([1, 0, 0], 'int32'));
    expect(loss.dataSync()[0]).toBeCloseTo((Math.log(2) + softplus(2) + softplus(-3)) / 3, 6);
  });

  it('logistic: stays finite for large margins', () => {
    const loss = logisticLoss(tf.tensor2d([[1000], [-1000]]), tf.tensor1d([1, 1]));
    expect(loss.dataSync()[0]).toBeCloseTo(500, 3);
  });

  it('cross-entropy: integer labels and class probabilities agree', () => {
    const logits = tf.tensor2d([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    const expected = (-(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))) + Math.log(3)) / 2;
    expect(crossEntropyLoss(logits, tf.tensor1d([2, 0], 'int32')).dataSync()[0]).toBeCloseTo(expected, 6);
    const probabilities = tf.tensor2d([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(crossEntropyLoss(logits, probabilities).dataSync()[0]).toBeCloseTo(expected, 6);
  });

  it("a model's loss matches its output: logistic for one logit, cross-entropy for k", () => {
    const binary = buildModel({ kind: 'linear', inputSize: 2 }, 1);
    const multi = buildModel({ kind: 'linear', inputSize: 2, numClasses: 3 }, 1);
    expect(binary.loss(tf.zeros([2, 1]), tf.tensor1d([0, 1])).dataSync()[0]).toBeCloseTo(Math.log(2), 6);
    expect(multi.loss(tf.zeros([2, 3]), tf.tensor1d([0, 2])).dataSync()[0]).toBeCloseTo(Math.log(3), 6);
    expect(() => binary.loss(tf.zeros([2, 3]), tf.tensor1d([0, 1]))).toThrow(ConfigError);
    expect(() => multi.loss(tf.zeros([2, 3]), tf.tensor1d([0, 1, 2]))).toThrow(/labels\.shape/);
    binary.dispose();
    multi.dispose();
  });
});
