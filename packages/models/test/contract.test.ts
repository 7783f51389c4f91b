// The model contract on the cpu backend: every kind (a user's included) and every CPU-sized preset.
import * as tf from '@tensorflow/tfjs';
import { MODEL_PRESETS } from '../src';
import { USER_MODELS } from './user-kind';
import { CONTRACT_CASES, describeModelContract } from './contract-suite';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it("covers every registered kind, a user's kind, and every CPU-sized preset", () => {
  expect(new Set(CONTRACT_CASES.map((c) => c.config.kind))).toEqual(new Set(Object.keys(USER_MODELS)));
  const cpuSized = Object.keys(MODEL_PRESETS).filter((name) => !['wrn16x10', 'wrn16x4'].includes(name));
  expect(new Set(CONTRACT_CASES.flatMap((c) => (c.preset ? [c.preset] : [])))).toEqual(new Set(cpuSized));
});

describeModelContract('cpu');
