/**
 * tfjs's WebGPU `AddN` binds every input as a storage buffer in one shader, so it fails (a WebGPU
 * validation error, then garbage) once the inputs pass the device's `maxStorageBuffersPerShaderStage`
 * less one: 7 on WebGPU's default limits, 15 on llvmpipe's. lrlab's sums over a model's variables
 * pass that. This override adds the inputs in chunks the device can bind, then adds the partial sums.
 */
import * as tf from '@tensorflow/tfjs';

/** The part of tfjs's WebGPU backend the override reads. */
interface WebGpuBackendLike {
  readonly device: { readonly limits: { readonly maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): boolean;
}

const CHUNKED = Symbol.for('lrlab.webgpu.chunkedAddN');

/**
 * Replaces the `AddN` kernel of the `webgpu` backend with one that never binds more inputs than
 * the device allows. Call after tfjs-backend-webgpu registered its kernels; a second call does nothing.
 *
 * @returns true when the override is in place
 */
export function registerChunkedAddN(): boolean {
  const original = tf.getKernel(tf.AddN, 'webgpu');
  if (!original) return false;
  if ((original.kernelFunc as { [CHUNKED]?: boolean })[CHUNKED]) return true;
  const kernelFunc = Object.assign(
    (args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] => {
      const backend = args.backend as unknown as WebGpuBackendLike;
      const most = Math.max(2, backend.device.limits.maxStorageBuffersPerShaderStage - 1);
      let inputs = Object.values(args.inputs) as tf.TensorInfo[];
      const partial: tf.TensorInfo[] = [];
      while (inputs.length > most) {
        const next: tf.TensorInfo[] = [];
        for (let start = 0; start < inputs.length; start += most) {
          const chunk = inputs.slice(start, start + most);
          if (chunk.length === 1) {
            next.push(chunk[0]!);
            continue;
          }
          const sum = original.kernelFunc({ ...args, inputs: chunk as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
          partial.push(sum);
          next.push(sum);
        }
        inputs = next;
      }
      const result = original.kernelFunc({ ...args, inputs: inputs as unknown as tf.NamedTensorInfoMap });
      // The backend keeps a buffer that queued work still reads until that work is submitted.
      for (const sum of partial) backend.disposeData(sum.dataId);
      return result;
    },
    { [CHUNKED]: true },
  );
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({ kernelName: tf.AddN, backendName: 'webgpu', kernelFunc });
  return true;
}
