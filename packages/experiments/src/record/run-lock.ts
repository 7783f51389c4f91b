/**
 * `run.lock`: one process at a time runs a run folder. The lock file is created with the `wx`
 * flag (fails when it exists) and holds `{ pid, hostname, acquiredAt, token }`. A lock whose
 * process is dead (same host) is stale and taken over; a live one is refused.
 */
import { IoError } from '@lrlab/core';
import { randomBytes } from 'node:crypto';
import { fs } from './fs-layer';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fsyncDirectory, isProcessAlive, uniqueSuffix } from './fs-helpers';
import { isJsonObject } from './json';

/** The lock's file name in a run folder. */
export const LOCK_FILE = 'run.lock';

/** What `run.lock` holds. */
interface LockOwner {
  /** The holder's process id. */
  readonly pid: number;
  /** The holder's host name. */
  readonly hostname: string;
  /** When it took the lock, ISO 8601. */
  readonly acquiredAt: string;
  /** A random token telling this holding apart from any other (pids are reused). */
  readonly token: string;
}

/** A held run lock. */
export interface RunLock {
  /** The lock file. */
  readonly path: string;
  /** What the lock file holds. */
  readonly owner: LockOwner;
  /** Releases the lock: removes the file if it is still this holder's. Calling it again does nothing. */
  release(): void;
}

/** How many times a lock that looks stale or half-written is re-examined before giving up. */
const MAX_ATTEMPTS = 20;
/** How long to wait for a lock file that was just created but not yet written. */
const HALF_WRITTEN_WAIT_MS = 25;

/**
 * Takes the run folder's lock, taking over a stale one (its process is dead).
 *
 * @param runDir - the run folder (must exist)
 * @returns the held lock; release it when the run ends
 * @throws IoError naming the pid (and host) that holds the lock when it is held by a live process,
 *   or when the lock file cannot be created
 * @example
 * ```ts
 * const lock = acquireRunLock('runs/a');
 * try { train(); } finally { lock.release(); }
 * ```
 */
export function acquireRunLock(runDir: string): RunLock {
  const path = join(runDir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    acquiredAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (tryCreate(path, owner)) return heldLock(path, owner);
    const holder = readOwner(path);
    if (holder === 'missing') continue;
    if (holder === 'unreadable') {
      // Created by a process that has not written it yet, or one killed in that instant:
      // give it a moment, and take it over only if it stays empty.
      if (attempt < 3) {
        sleepMs(HALF_WRITTEN_WAIT_MS);
        continue;
      }
      takeOver(path, undefined);
      continue;
    }
    if (holder.hostname !== owner.hostname) {
      throw new IoError('lock', path, `If that process is gone, delete ${path} and run again; otherwise wait for it or choose another --out folder.`, {
        cause: new Error(`held by pid ${holder.pid} on host ${holder.hostname} since ${holder.acquiredAt}`),
      });
    }
    if (holder.pid === process.pid) {
      throw new IoError('lock', path, 'This process already has the run folder open: release the earlier handle first.', {
        cause: new Error(`held by this process (pid ${holder.pid}) since ${holder.acquiredAt}`),
      });
    }
    if (isProcessAlive(holder.pid)) {
      throw new IoError('lock', path, `Another lrlab process is running this folder: wait for it to finish, stop it (kill ${holder.pid}), or choose another --out folder.`, {
        cause: new Error(`held by pid ${holder.pid} since ${holder.acquiredAt}`),
      });
    }
    takeOver(path, holder.token);
  }
  throw new IoError('lock', path, 'Several processes are competing for this run folder: run one at a time.');
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new IoError('create', path, 'Check that the run folder exists and is writable.', { cause: error });
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(owner)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDirectory(dirname(path));
  return true;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isJsonObject(value)) return undefined;
    const { pid, hostname, acquiredAt, token } = value;
    if (typeof pid !== 'number' || typeof hostname !== 'string' || typeof acquiredAt !== 'string' || typeof token !== 'string') return undefined;
    return { pid, hostname, acquiredAt, token };
  } catch {
    return undefined;
  }
}

function readOwner(path: string): LockOwner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new IoError('read', path, 'Check the file permissions.', { cause: error });
  }
  return parseOwner(text) ?? 'unreadable';
}

/**
 * Removes a stale lock without ever removing a fresh one: the lock is first renamed to a private
 * name (atomic, so exactly one contender gets this file), then checked to be the stale one that
 * was judged (same token). If another process replaced it in between, it is put back.
 */
function takeOver(path: string, staleToken: string | undefined): void {
  const aside = `${path}.${uniqueSuffix()}.stale`;
  try {
    fs.renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new IoError('take over the stale lock', path, 'Delete the lock file by hand if its process is gone.', { cause: error });
  }
  const moved = parseOwner(fs.readFileSync(aside, 'utf8'));
  const wasStale = staleToken === undefined ? moved === undefined : moved?.token === staleToken;
  if (wasStale) {
    fs.rmSync(aside, { force: true });
    return;
  }
  try {
    fs.linkSync(aside, path);
  } catch (error) {
    throw new IoError('restore', path, 'Several processes are competing for this run folder: stop all but one and run again.', { cause: error });
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function heldLock(path: string, owner: LockOwner): RunLock {
  let held = true;
  return {
    path,
    owner,
    release(): void {
      if (!held) return;
      held = false;
      const current = readOwner(path);
      if (typeof current === 'object' && current.token === owner.token) fs.rmSync(path, { force: true });
    },
  };
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
