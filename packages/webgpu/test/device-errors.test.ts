// A device that reports a validation error, then is lost: the next read of a tensor fails with a
// typed error instead of returning garbage (before, a run went on and stopped as "diverged").
// Its own file: the errors poison this process's device for good.
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '@lrlab/core';
import { registerWebGpuBackend } from '../src';

interface DeviceLike {
  createBuffer(descriptor: { size: number; usage: number }): unknown;
  destroy(): void;
}

describe('webgpu device errors (llvmpipe)', () => {
  let device: DeviceLike;

  beforeAll(async () => {
    await registerWebGpuBackend({ dawnBackend: 'opengles' });
    await tf.setBackend('webgpu');
    device = (tf.backend() as unknown as { device: DeviceLike }).device;
  });

  it('reads normally while the device is healthy', async () => {
    expect(Array.from(await tf.add(tf.tensor1d([1, 2]), 1).data())).toEqual([2, 3]);
  });

  it('turns a validation error into a BackendError at the next read, and keeps failing', async () => {
    const registration = await registerWebGpuBackend();
    device.createBuffer({ size: 16, usage: 0xffffff }); // not a valid usage: a validation error
    await expect(tf.add(tf.tensor1d([1, 2]), 1).data()).rejects.toThrow(BackendError);
    await expect(tf.add(tf.tensor1d([1, 2]), 1).data()).rejects.toThrow(/WebGPU reported 1 error on this device \(the first: Value 16777215 is invalid for WGPUBufferUsage\.\)/);
    expect(registration.health.errors).toHaveLength(1);
  });

  it('names a lost device', async () => {
    device.destroy();
    await expect(tf.tensor1d([1, 2]).data()).rejects.toThrow(/The GPU device was lost \(destroyed/);
  });
});
