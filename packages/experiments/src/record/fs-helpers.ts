/**
 * Small filesystem helpers shared by the run-record files: durable directory entries, names that
 * cannot collide between processes, and process liveness. Internal to `record/`.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { fs } from './fs-layer';

let counter = 0;

/**
 * A name suffix unique across processes and calls: `<pid>-<counter>-<random hex>`. The pid comes
 * first so that a leftover can be traced to (and judged by) the process that wrote it. The random
 * part is not experiment randomness (it never reaches a result), so it need not come from a seed.
 */
export function uniqueSuffix(): string {
  counter += 1;
  return `${process.pid}-${counter}-${randomBytes(4).toString('hex')}`;
}

/**
 * The pid encoded at the start of a {@link uniqueSuffix}, or `undefined` when `suffix` is not one.
 *
 * @param suffix - the part of a name after its fixed prefix
 */
export function pidOfSuffix(suffix: string): number | undefined {
  const match = /^(\d+)-\d+-[0-9a-f]+$/.exec(suffix);
  return match ? Number(match[1]) : undefined;
}

/**
 * Flushes a directory's entries (new, renamed or removed names) to disk, so that a rename survives
 * a power cut and not only a killed process. Platforms that cannot open a directory for fsync
 * (Windows) skip it: the rename itself is still atomic there.
 *
 * @param directory - the directory whose entries changed
 */
export function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(directory, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Whether a process with this pid is alive on this host. `EPERM` means it exists but belongs to
 * another user, which still counts as alive.
 *
 * @param pid - a process id
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `fs.statSync` that returns `undefined` for a missing path instead of throwing.
 *
 * @param path - the path to look at
 */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return fs.statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}
