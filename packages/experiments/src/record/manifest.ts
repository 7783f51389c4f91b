/**
 * `manifest.json`: everything about a run that is not its config: software versions, backend,
 * seeds, git commit, host, start and end times, status and timings. Unlike `metrics.jsonl` it
 * holds wall-clock values, so it is never compared between reruns.
 */
import { ConfigError, DataError, IoError } from '@lrlab/core';
import { execFileSync } from 'node:child_process';
import { fs } from './fs-layer';
import { createRequire } from 'node:module';
import { arch, availableParallelism, cpus, hostname, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic';
import { isJsonObject } from './json';

/** The manifest's file name in a run folder. */
export const MANIFEST_FILE = 'manifest.json';
/** The manifest layout version this code writes. */
export const MANIFEST_VERSION = 1;

/**
 * Where a run stands: `running` (started, not ended; also what a killed run leaves), `finished`,
 * `failed` (an error stopped it; resumable), `diverged` (a non-finite loss stopped it).
 */
export type RunStatus = 'running' | 'finished' | 'failed' | 'diverged';

/** The statuses, for validation. */
const RUN_STATUSES: readonly RunStatus[] = ['running', 'finished', 'failed', 'diverged'];

/**
 * The packages whose versions a manifest records by default: every lrlab package and the tfjs
 * packages that decide numerics. Those that cannot be resolved are skipped.
 */
export const MANIFEST_PACKAGES: readonly string[] = [
  '@lrlab/core',
  '@lrlab/schedules',
  '@lrlab/datasets',
  '@lrlab/models',
  '@lrlab/metrics',
  '@lrlab/experiments',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
];

/** The machine a run ran on. */
export interface HostInfo {
  /** Host name. */
  readonly hostname: string;
  /** `process.platform`, e.g. `linux`. */
  readonly platform: string;
  /** `process.arch`, e.g. `x64`. */
  readonly arch: string;
  /** Model name of the first CPU, or `unknown`. */
  readonly cpuModel: string;
  /** Logical CPUs available to this process. */
  readonly cpuCount: number;
  /** Physical memory in bytes. */
  readonly totalMemoryBytes: number;
}

/** The git checkout the run was started from. */
export interface GitInfo {
  /** `git rev-parse HEAD`. */
  readonly commit: string;
  /**
   * Whether tracked files had uncommitted changes (`git status --porcelain --untracked-files=no`),
   * or `null` when git could not tell.
   */
  readonly dirty: boolean | null;
}

/** The tfjs backend a run used. */
export interface BackendInfo {
  /** Backend name, e.g. `wasm`, `tensorflow`, `cpu`. */
  readonly name: string;
  /** Threads it used, or `null` when not known or not applicable. */
  readonly threads: number | null;
}

/** The content of `manifest.json`. */
export interface RunManifest {
  /** Layout version, {@link MANIFEST_VERSION}. */
  readonly manifestVersion: number;
  /** Where the run stands. */
  readonly status: RunStatus;
  /** When the run started, ISO 8601 (UTC). */
  readonly startedAt: string;
  /** When it ended (finished, failed or diverged), ISO 8601; absent while running. */
  readonly endedAt?: string;
  /** The error that stopped a `failed` or `diverged` run. */
  readonly error?: string;
  /** The seeds the run used, by purpose (e.g. `{ root: 3, data: 17, model: 29 }`). */
  readonly seeds: Readonly<Record<string, number>>;
  /** The tfjs backend. */
  readonly backend: BackendInfo;
  /** Versions by package name, for the packages that could be resolved. */
  readonly versions: Readonly<Record<string, string>>;
  /** `process.version`, e.g. `v20.11.0`. */
  readonly node: string;
  /** The machine. */
  readonly host: HostInfo;
  /** The git checkout of the working directory, or `null` outside one or without git. */
  readonly git: GitInfo | null;
  /** The command line that started the run, when given. */
  readonly command?: readonly string[];
  /** When each resume of a killed or failed run started, ISO 8601. */
  readonly resumedAt?: readonly string[];
  /** Named durations in seconds (measured with `performance.now()`), e.g. `{ total: 812.3, train: 701.1 }`. */
  readonly durationsSeconds?: Readonly<Record<string, number>>;
  /** Optimizer steps completed. */
  readonly steps?: number;
  /** Training throughput over the run, optimizer steps per second. */
  readonly stepsPerSecond?: number;
}

/** What {@link createManifest} needs from the caller. */
export interface CreateManifestOptions {
  /** The backend in use. */
  readonly backend: BackendInfo;
  /** The run's seeds by purpose. */
  readonly seeds: Readonly<Record<string, number>>;
  /** The command line, e.g. `process.argv.slice(2)`. */
  readonly command?: readonly string[];
  /** Folder whose git commit is recorded; default `process.cwd()`. */
  readonly cwd?: string;
  /** Packages whose versions are recorded; default {@link MANIFEST_PACKAGES}. */
  readonly packages?: readonly string[];
}

/**
 * Describes a run that starts now: status `running`, start time, versions, host, git commit,
 * backend and seeds. Nothing is written; pass the result to {@link writeManifest}.
 *
 * @param options - backend, seeds and optional command line, git folder and package list
 * @returns the manifest
 * @example
 * ```ts
 * const manifest = createManifest({ backend: { name: 'wasm', threads: 4 }, seeds: { root: 3 } });
 * writeManifest('runs/a', manifest);
 * ```
 */
export function createManifest(options: CreateManifestOptions): RunManifest {
  if (typeof options.backend?.name !== 'string' || options.backend.name === '') {
    throw new ConfigError('backend.name', options.backend?.name, 'a backend name such as "wasm"');
  }
  for (const [purpose, seed] of Object.entries(options.seeds ?? {})) {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new ConfigError(`seeds.${purpose}`, seed, 'an integer seed');
  }
  return {
    manifestVersion: MANIFEST_VERSION,
    status: 'running',
    startedAt: new Date().toISOString(),
    seeds: { ...options.seeds },
    backend: { name: options.backend.name, threads: options.backend.threads ?? null },
    versions: packageVersions(options.packages ?? MANIFEST_PACKAGES),
    node: process.version,
    host: hostInfo(),
    git: gitInfo(options.cwd ?? process.cwd()),
    ...(options.command === undefined ? {} : { command: [...options.command] }),
  };
}

/**
 * Writes `manifest.json` into the run folder atomically.
 *
 * @param runDir - the run folder
 * @param manifest - the manifest
 */
export function writeManifest(runDir: string, manifest: RunManifest): void {
  writeJsonAtomic(join(runDir, MANIFEST_FILE), manifest);
}

/**
 * Reads `manifest.json` from a run folder.
 *
 * @param runDir - the run folder
 * @returns the manifest, or `undefined` when the folder has none
 * @throws DataError when the file is not a manifest (bad JSON, unknown status)
 */
export function readManifest(runDir: string): RunManifest | undefined {
  const path = join(runDir, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IoError('read', path, 'Check the file permissions.', { cause: error });
  }
  const hint = 'The manifest was edited or damaged: restore it, or delete the run folder and run again.';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError(path, `not valid JSON (${(error as Error).message}).`, hint, { cause: error });
  }
  if (!isJsonObject(value)) throw new DataError(path, 'not a JSON object.', hint);
  if (!RUN_STATUSES.includes(value['status'] as RunStatus)) {
    throw new DataError(path, `status is ${JSON.stringify(value['status'])}, expected one of ${RUN_STATUSES.join(', ')}.`, hint);
  }
  if (typeof value['startedAt'] !== 'string') throw new DataError(path, 'startedAt is missing.', hint);
  return value as unknown as RunManifest;
}

/** The fields {@link updateManifest} may change. */
export type ManifestPatch = Partial<Omit<RunManifest, 'manifestVersion'>>;

/**
 * Reads the run's manifest, applies `patch` (top-level fields replace the stored ones) and writes
 * it back atomically. Use it to record the end: status, `endedAt`, error, durations, throughput.
 *
 * @param runDir - the run folder
 * @param patch - the fields to set
 * @returns the manifest as written
 * @throws DataError when the folder has no readable manifest
 * @throws ConfigError when `patch.status` is not a {@link RunStatus}
 * @example
 * ```ts
 * updateManifest('runs/a', { status: 'finished', endedAt: new Date().toISOString(), stepsPerSecond: 41.2 });
 * ```
 */
export function updateManifest(runDir: string, patch: ManifestPatch): RunManifest {
  if (patch.status !== undefined && !RUN_STATUSES.includes(patch.status)) {
    throw new ConfigError('status', patch.status, `one of ${RUN_STATUSES.map((s) => JSON.stringify(s)).join(', ')}`);
  }
  const stored = readManifest(runDir);
  if (stored === undefined) {
    throw new DataError(join(runDir, MANIFEST_FILE), 'is missing.', 'Write the manifest with writeManifest before updating it.');
  }
  const updated: RunManifest = { ...stored, ...patch, manifestVersion: stored.manifestVersion };
  writeManifest(runDir, updated);
  return updated;
}

function packageVersions(names: readonly string[]): Record<string, string> {
  // Resolved from this file, as the running code would resolve its own dependencies.
  const requirePackage = createRequire(__filename);
  const versions: Record<string, string> = {};
  for (const name of names) {
    try {
      const version = (requirePackage(`${name}/package.json`) as { version?: unknown }).version;
      if (typeof version === 'string') versions[name] = version;
    } catch {
      // Not installed (an optional backend) or not resolvable from here: skip it.
    }
  }
  return versions;
}

function hostInfo(): HostInfo {
  return {
    hostname: hostname(),
    platform: platform(),
    arch: arch(),
    cpuModel: cpus()[0]?.model.trim() || 'unknown',
    cpuCount: availableParallelism(),
    totalMemoryBytes: totalmem(),
  };
}

function git(cwd: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

function gitInfo(cwd: string): GitInfo | null {
  const commit = git(cwd, ['rev-parse', 'HEAD']);
  if (commit === undefined || !/^[0-9a-f]{40,64}$/.test(commit)) return null;
  const status = git(cwd, ['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status === undefined ? null : status !== '' };
}
