/**
 * The file-system layer every run-record write goes through. It is Node's `fs` unless a test
 * swaps in a faulty one (ENOSPC, EACCES, partial writes) with {@link withFileSystem}: CI runs as
 * root, so permissions alone cannot make a write fail.
 */
import * as nodeFs from 'node:fs';

/** The synchronous `fs` functions the run records use. */
export type FileSystem = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'closeSync'
  | 'writeSync'
  | 'readSync'
  | 'fsyncSync'
  | 'fstatSync'
  | 'ftruncateSync'
  | 'readFileSync'
  | 'writeFileSync'
  | 'renameSync'
  | 'linkSync'
  | 'rmSync'
  | 'mkdirSync'
  | 'readdirSync'
  | 'statSync'
  | 'existsSync'
>;

let active: FileSystem = nodeFs;

/** The layer in use: forwards every call to the active file system (Node's `fs` by default). */
export const fs: FileSystem = new Proxy({} as FileSystem, {
  get: (_target, name: string | symbol) => (active as unknown as Record<string | symbol, unknown>)[name],
});

/**
 * Runs `fn` with another file system in place (a fault injector wrapping Node's `fs`, say), and
 * puts the previous one back afterwards, also when `fn` throws or rejects.
 *
 * @param layer - the file system to use
 * @param fn - the work; may be async
 * @returns what `fn` returns
 * @example
 * ```ts
 * const full = { ...nodeFs, writeSync: () => { throw Object.assign(new Error('no space'), { code: 'ENOSPC' }); } };
 * await withFileSystem(full, () => runExperiment(config, { dir })); // rejects with an IoError
 * ```
 */
export function withFileSystem<T>(layer: FileSystem, fn: () => T): T {
  const previous = active;
  active = layer;
  let result: T;
  try {
    result = fn();
  } catch (error) {
    active = previous;
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      active = previous;
    }) as T;
  }
  active = previous;
  return result;
}
