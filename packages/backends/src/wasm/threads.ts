/**
 * Multithreaded WebAssembly in Node, fixed at run time (node_modules is never patched).
 *
 * `@tensorflow/tfjs-backend-wasm` 4.22 ships a threaded SIMD build but turns it off in Node: its
 * Emscripten glue starts each pthread worker from a `blob:` URL, which Node's `Worker` rejects
 * (`ERR_WORKER_PATH`), and hands the worker its main script as a `Blob`, which the worker then
 * cannot `importScripts`. Three run-time shims make it work:
 *
 * 1. `worker_threads.Worker` is replaced by a subclass that starts a `blob:` URL as a small eval
 *    bootstrap, then sends it the blob's text (and, with the `load` command, the main script's
 *    text) before any other message, in order;
 * 2. in the worker, the free variables the bundled factory expects from its module scope
 *    (`require$$0` = fs, …) are defined, and `importScripts` of the main script evaluates its text;
 * 3. XNNPACK caps its pool at half the logical cores (for hyper-threads), so during the backend's
 *    initialisation `os.cpus()` reports twice the thread count asked for.
 *
 * Workers are unref'd (again each time the glue posts to them: its listeners re-reference them),
 * so they never keep a finished process alive. The pool is created while the
 * backend starts; afterwards the main thread waits for its workers synchronously (Atomics), so no
 * event-loop turn is needed. Verified for tfjs-backend-wasm 4.22.0 only: other versions keep the
 * single-threaded build.
 */
import type * as os from 'node:os';
import * as nodeBuffer from 'node:buffer';
import * as workerThreads from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '@lrlab/core';

/** The tfjs-backend-wasm version the shims were written against. */
export const WASM_THREADS_VERIFIED_VERSION = '4.22.0';

/** What {@link startThreadedWasm} needs from `@tensorflow/tfjs-backend-wasm`. */
export interface WasmThreadsModule {
  /** The package version (`version_wasm`). */
  readonly version_wasm?: string;
  /** Sets XNNPACK's thread count before the backend starts. */
  setThreadsCount?(threads: number): void;
  /** XNNPACK's thread count once started. */
  getThreadsCount?(): number;
}

const MAIN_SCRIPT = '/lrlab-wasm-threaded-main.js';

/** Runs in each worker before the Emscripten worker script; plain JavaScript. */
const BOOTSTRAP = `
const { parentPort } = require('node:worker_threads');
let mainText;
parentPort.on('message', (message) => {
  if (!message || typeof message.lrlabWasm !== 'string') return;
  if (message.lrlabWasm === 'main') {
    mainText = message.text;
    Object.assign(globalThis, {
      require$$0: require('node:fs'),
      require$$1: require('node:path'),
      require$$3: require('node:perf_hooks'),
      require$$4: require('node:os'),
      commonjsGlobal: globalThis,
    });
    return;
  }
  (0, eval)(message.text);
  const importScripts = globalThis.importScripts;
  globalThis.importScripts = (file) => (file === ${JSON.stringify(MAIN_SCRIPT)} ? (0, eval)(mainText) : importScripts(file));
});
`;

type Post = [message: unknown, transfer: unknown];

/** A `Worker` that also starts `blob:` URLs; every other use is the plain `Worker`. */
class BlobUrlWorker extends workerThreads.Worker {
  private held: Post[] | undefined;
  /** Whether this is one of the wasm glue's pool workers (started from a `blob:` URL). */
  private readonly pool: boolean = false;

  constructor(url: string | URL, options?: workerThreads.WorkerOptions) {
    const blob = typeof url === 'string' && url.startsWith('blob:') ? nodeBuffer.resolveObjectURL(url) : undefined;
    super(blob ? BOOTSTRAP : url, blob ? { ...options, eval: true } : options);
    if (!blob) return;
    this.pool = true;
    this.unref();
    this.hold(blob.text().then((text) => [{ lrlabWasm: 'code', text }]));
  }

  /** Queues every message until `first` is sent, so the worker sees them in order. */
  private hold(first: Promise<unknown[]>): void {
    this.held = [];
    void first.then((messages) => {
      for (const message of messages) super.postMessage(message);
      const held = this.held ?? [];
      this.held = undefined;
      for (const [message, transfer] of held) this.postMessage(message, transfer as readonly workerThreads.TransferListItem[]);
    });
  }

  override postMessage(message: unknown, transfer?: readonly workerThreads.TransferListItem[]): void {
    // The glue's 'message' listeners re-reference the worker; a pool worker must never keep the
    // process alive, so drop the reference again whenever the glue talks to it.
    if (!this.pool) {
      super.postMessage(message, transfer);
      return;
    }
    this.unref();
    if (this.held) {
      this.held.push([message, transfer]);
      return;
    }
    const load = message as { cmd?: unknown; urlOrBlob?: { text?: unknown } } | null;
    // The main script comes as a Blob (duck-typed: a test sandbox may have its own Blob class).
    if (load?.cmd === 'load' && typeof load.urlOrBlob?.text === 'function') {
      const main = load.urlOrBlob as Blob;
      this.hold(main.text().then((text) => [{ lrlabWasm: 'main', text }, { ...load, urlOrBlob: MAIN_SCRIPT }]));
      return;
    }
    super.postMessage(message, transfer);
  }
}

let installed = false;

function installBlobUrlWorker(): void {
  if (installed) return;
  // The glue reads `require("worker_threads").Worker` when the threaded module starts: replace it
  // on the module object itself (an `import *` namespace only has getters).
  (process.getBuiltinModule('node:worker_threads') as { Worker: typeof workerThreads.Worker }).Worker = BlobUrlWorker;
  installed = true;
}

/** Runs `start` with `os.cpus()` reporting `count` entries (XNNPACK sizes its pool from it). */
async function withLogicalCores<T>(count: number, start: () => Promise<T>): Promise<T> {
  const osModule = process.getBuiltinModule('node:os') as { cpus: typeof os.cpus };
  const real = osModule.cpus;
  const cpus = real();
  osModule.cpus = () => Array.from({ length: count }, (_, i) => cpus[i % Math.max(1, cpus.length)]!);
  // The workers are unref'd: keep the process alive until they have loaded.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    return await start();
  } finally {
    clearInterval(keepAlive);
    osModule.cpus = real;
  }
}

/**
 * Whether the threaded wasm build can be started here: the verified package version, and Node's
 * `buffer.resolveObjectURL` (Node ≥ 16.7).
 *
 * @param module - the loaded `@tensorflow/tfjs-backend-wasm`
 * @returns why not, or undefined when it can
 */
export function wasmThreadsUnsupported(module: WasmThreadsModule): string | undefined {
  if (module.version_wasm !== WASM_THREADS_VERIFIED_VERSION) {
    return `tfjs-backend-wasm ${module.version_wasm ?? '(unknown)'} is not the version lrlab's thread shims were verified with (${WASM_THREADS_VERIFIED_VERSION})`;
  }
  if (typeof nodeBuffer.resolveObjectURL !== 'function' || typeof process.getBuiltinModule !== 'function') return 'this Node has no buffer.resolveObjectURL or process.getBuiltinModule (Node ≥ 20.16 has both)';
  if (typeof module.setThreadsCount !== 'function') return 'the wasm module has no setThreadsCount';
  return undefined;
}

/**
 * Starts the `wasm` backend with `threads` XNNPACK threads (its threaded SIMD build). Call it
 * before anything else initialises the wasm backend.
 *
 * @param module - the loaded `@tensorflow/tfjs-backend-wasm`
 * @param threads - the thread count, ≥ 2
 * @returns the thread count XNNPACK reports
 * @throws BackendError when the version is not the verified one or the backend does not start
 */
export async function startThreadedWasm(module: WasmThreadsModule, threads: number): Promise<number> {
  const unsupported = wasmThreadsUnsupported(module);
  if (unsupported) throw new BackendError('wasm', `Threads are not available: ${unsupported}.`, 'Set LRLAB_THREADS=1 to use the single-threaded build.');
  installBlobUrlWorker();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  module.setThreadsCount!(threads);
  const ok = await withLogicalCores(2 * threads, () => tf.setBackend('wasm'));
  if (!ok) throw new BackendError('wasm', `The threaded wasm build did not start with ${threads} threads.`, 'Set LRLAB_THREADS=1 to use the single-threaded build.');
  return module.getThreadsCount?.() ?? threads;
}
