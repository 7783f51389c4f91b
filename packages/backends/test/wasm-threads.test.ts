/**
 * Multithreaded wasm through lrlab's run-time shims, checked in fresh Node processes (a jest worker
 * may already hold a started wasm backend): the thread count asked for is the one XNNPACK uses,
 * results are bit-identical to one thread, and the process exits by itself.
 */
import { spawnSync } from 'node:child_process';
import { BackendError } from '@lrlab/core';
import { THREADS_ENV_VAR, WASM_THREADS_VERIFIED_VERSION, threadsFromEnv, wasmThreadsUnsupported } from '../src';

/** Starts wasm in a new process and prints its thread count and a product's bytes (hex). */
const SCRIPT = `
const tf = require('@tensorflow/tfjs');
const { initBackend } = require('@lrlab/backends');
initBackend({ prefer: 'wasm' }).then((selection) => {
  const a = tf.randomUniform([300, 200], -1, 1, 'float32', 1);
  const b = tf.randomUniform([200, 100], -1, 1, 'float32', 2);
  const x = tf.randomUniform([4, 16, 16, 8], -1, 1, 'float32', 3);
  const k = tf.randomUniform([3, 3, 8, 16], -1, 1, 'float32', 4);
  const values = [...tf.matMul(a, b).dataSync(), ...tf.conv2d(x, k, 1, 'same').dataSync()];
  console.log(JSON.stringify({ threads: selection.details.threads, bytes: Buffer.from(new Float32Array(values).buffer).toString('hex') }));
});
`;

function startWasm(threads: number): { threads: number; bytes: string } {
  // The built @lrlab/backends (npm test builds first); the timeout catches a process kept alive by a worker.
  const result = spawnSync(process.execPath, ['-e', SCRIPT], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, [THREADS_ENV_VAR]: String(threads), LRLAB_BACKEND: '' } });
  expect({ status: result.status, signal: result.signal }).toEqual({ status: 0, signal: null });
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { threads: number; bytes: string };
}

describe('wasm threads', () => {
  it('run XNNPACK on the threads asked for, bit-identical to one thread, and let the process exit', () => {
    const one = startWasm(1);
    const two = startWasm(2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.bytes).toBe(one.bytes);
  }, 120_000);

  it('apply only to the verified tfjs-backend-wasm version', () => {
    const setThreadsCount = (): void => undefined;
    expect(wasmThreadsUnsupported({ version_wasm: WASM_THREADS_VERIFIED_VERSION, setThreadsCount })).toBeUndefined();
    expect(wasmThreadsUnsupported({ version_wasm: '4.23.0', setThreadsCount })).toMatch(/4\.23\.0 is not the version/);
  });

  it('read LRLAB_THREADS as a positive integer, with a clear error otherwise', () => {
    expect(threadsFromEnv({})).toBeUndefined();
    expect(threadsFromEnv({ LRLAB_THREADS: ' 2 ' })).toBe(2);
    for (const bad of ['0', '-1', '1.5', 'two']) {
      expect(() => threadsFromEnv({ LRLAB_THREADS: bad })).toThrow(BackendError);
      expect(() => threadsFromEnv({ LRLAB_THREADS: bad })).toThrow(`LRLAB_THREADS=${bad} is not a positive integer`);
    }
  });
});
