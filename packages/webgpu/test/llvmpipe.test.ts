// The real path on this machine: Dawn's binding from npm on Mesa's llvmpipe (OpenGL ES,
// compatibility mode). CI installs the Mesa packages (tools/ci/ensure-system-packages.mjs).
import * as tf from '@tensorflow/tfjs';
import { probeAdapter, registerWebGpuBackend, webgpuAvailability, webgpuPackages, adapterRequests } from '../src';

describe('webgpu on llvmpipe', () => {
  it('finds the packages and a software adapter, in a child process that prints nothing here', () => {
    const packages = webgpuPackages();
    expect(packages).toMatchObject({ installed: true, versions: { webgpu: '0.6.2', '@tensorflow/tfjs-backend-webgpu': tf.version.tfjs } });
    const availability = webgpuAvailability();
    expect(availability).toMatchObject({ available: true, gpu: false, adapter: { software: true, dawnBackend: 'opengles', featureLevel: 'compatibility' } });
    expect(availability.detail).toMatch(/^the only adapter is a software rasteriser: llvmpipe/);
    // Vulkan alone: this machine has no Vulkan GPU, and the probe says why.
    const vulkan = probeAdapter(packages.dawnBinary!, adapterRequests({ dawnBackend: 'vulkan' }));
    expect(vulkan.adapter).toBeUndefined();
    expect(vulkan.tried).toEqual([expect.stringMatching(/^vulkan: no adapter/)]);
  });

  it('registers tfjs\'s webgpu backend: kernels run, synchronous reads fail, AddN binds what the device allows', async () => {
    const registration = await registerWebGpuBackend({ dawnBackend: 'opengles' });
    expect(registration.adapter.software).toBe(true);
    expect(await registerWebGpuBackend()).toBe(registration);
    expect(await tf.setBackend('webgpu')).toBe(true);
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const product = tf.matMul(a, a);
    expect(Array.from(await product.data())).toEqual([7, 10, 15, 22]);
    // Why every read on lrlab's paths is asynchronous: webgpu reads synchronously through a canvas Node lacks.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => tf.square(a).dataSync()).toThrow(/OffscreenCanvas/);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/use asynchronous APIs/));
    warn.mockRestore();
    // 40 inputs pass llvmpipe's 16 storage buffers per shader; tfjs's own AddN binds them all.
    const inputs = Array.from({ length: 40 }, (_, i) => tf.fill([3], i + 1));
    const sum = tf.addN(inputs);
    expect(Array.from(await sum.data())).toEqual([820, 820, 820]);
    tf.dispose([a, product, sum, ...inputs]);
  });
});
