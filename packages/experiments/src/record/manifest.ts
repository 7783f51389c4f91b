/**
 * `manifest.json`: everything about a run that is not its config: software versions, the runtime
 * it trained on (backend, threads, kernel path) and each resume's, seeds, git commit, host, start
 * and end times, status and timings. Unlike `metrics.jsonl` it holds wall-clock values, so it is
 * never compared between reruns.
 */
import { ConfigError, DataError, IoError } from '@lrlab/core';
import { type RuntimeIdentity } from '@lrlab/backends';
import { execFileSync } from 'node:child_process';
import { fs } from './fs-layer';
import { arch, availableParallelism, cpus, hostname, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic';
import type { PluginRecord } from '../plugins/plugin';
import { isJsonObject, type JsonObject } from './json';
import { manifestVersions, resolvedVersions } from './package-versions';

/** The manifest's file name in a run folder. */
export const MANIFEST_FILE = 'manifest.json';
/**
 * The manifest layout version this code writes. Version 2 records the full runtime identity and
 * the run's segments; version 1 (`backend: { name, threads }`) is still read (see
 * {@link readManifest}).
 */
const MANIFEST_VERSION = 2;

/**
 * Where a run stands: `running` (started, not ended; also what a killed run leaves), `finished`,
 * `failed` (an error stopped it; resumable), `diverged` (a non-finite loss stopped it).
 */
export type RunStatus = 'running' | 'finished' | 'failed' | 'diverged';

/** The statuses, for validation. */
const RUN_STATUSES: readonly RunStatus[] = ['running', 'finished', 'failed', 'diverged'];

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

/**
 * One stretch of a run trained by one process: the start (`fromStep` 0) or a resume (`fromStep`
 * the step of the checkpoint it continued from), with the runtime it trained on.
 */
export interface RunSegment {
  /** The step this segment started from. */
  readonly fromStep: number;
  /** When it started, ISO 8601 (UTC). */
  readonly startedAt: string;
  /** The runtime it trained on. */
  readonly runtime: RuntimeIdentity;
  /**
   * The differences from the previous segment's runtime that `allowRuntimeChange`
   * (`--allow-runtime-change`) let through, as `runtimeDifferences` words them; absent when the
   * runtime did not change in a way that affects results.
   */
  readonly runtimeChanges?: readonly string[];
  /** How the plugin files differed from the previous segment's, when `--allow-plugin-change` let a resume through. */
  readonly pluginChanges?: readonly string[];
}

/** The content of `manifest.json`. */
export interface RunManifest {
  /** Layout version: 2 since runtime and segments were added (1 is read too). */
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
  /**
   * The runtime the run's latest segment trains on (the last entry of `segments`); a resume
   * compares it with its own and refuses when results could differ.
   */
  readonly runtime: RuntimeIdentity;
  /** Every stretch of training, in order: the start, then one per resume. */
  readonly segments: readonly RunSegment[];
  /** Versions by package name: every installed `@lrlab` package and the installed tfjs packages. */
  readonly versions: Readonly<Record<string, string>>;
  /**
   * The study's plugin modules the run's kinds came from (absolute path and SHA-256 of the file),
   * in the study's order; absent when it used built-in kinds only. A resume loads them from here.
   */
  readonly plugins?: readonly PluginRecord[];
  /** `process.version`, e.g. `v20.11.0`. */
  readonly node: string;
  /** The machine. */
  readonly host: HostInfo;
  /** The git checkout of the working directory, or `null` outside one or without git. */
  readonly git: GitInfo | null;
  /** The command line that started the run, when given. */
  readonly command?: readonly string[];
  /** When each resume of a killed or failed run started, ISO 8601 (each also opens a segment). */
  readonly resumedAt?: readonly string[];
  /** Named durations in seconds (measured with `performance.now()`), e.g. `{ total: 812.3, train: 701.1 }`. */
  readonly durationsSeconds?: Readonly<Record<string, number>>;
  /** Optimizer steps completed. */
  readonly steps?: number;
  /**
   * Present when the run trained in lockstep (a study's runs of one shape trained as one
   * computation, each with the bits it gets alone): how many runs its last segment trained with,
   * itself included. Its `durationsSeconds.training` is then the whole batch's.
   */
  readonly lockstep?: {
    /** How many runs the batch held, this one included. */
    readonly runs: number;
  };
  /** Training throughput over the run, optimizer steps per second. */
  readonly stepsPerSecond?: number;
}

/** What {@link createManifest} needs from the caller. */
export interface CreateManifestOptions {
  /** The runtime the run starts on: `initBackend()`'s `selection.runtime`. */
  readonly runtime: RuntimeIdentity;
  /** The run's seeds by purpose. */
  readonly seeds: Readonly<Record<string, number>>;
  /** The command line, e.g. `process.argv.slice(2)`. */
  readonly command?: readonly string[];
  /** Folder whose git commit is recorded; default `process.cwd()`. */
  readonly cwd?: string;
  /** The plugins the run's kinds came from; default none. */
  readonly plugins?: readonly PluginRecord[];
  /**
   * Packages whose versions are recorded; default every installed `@lrlab` package and the
   * installed tfjs packages.
   */
  readonly packages?: readonly string[];
}

/**
 * Describes a run that starts now: status `running`, start time, versions, host, git commit,
 * runtime (also as the first segment, from step 0) and seeds. Nothing is written; pass the result
 * to {@link writeManifest}.
 *
 * @param options - runtime, seeds and optional command line, git folder and package list
 * @returns the manifest
 * @throws ConfigError for a runtime without a backend name, or a non-integer seed
 * @example
 * ```ts
 * const runtime = { backend: 'wasm', threads: 4, threadsAffectResults: false, kernelPath: {} };
 * const manifest = createManifest({ runtime, seeds: { root: 3 } });
 * writeManifest('runs/a', manifest);
 * ```
 */
export function createManifest(options: CreateManifestOptions): RunManifest {
  checkRuntime('runtime', options.runtime);
  for (const [purpose, seed] of Object.entries(options.seeds ?? {})) {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new ConfigError(`seeds.${purpose}`, seed, 'an integer seed');
  }
  const startedAt = new Date().toISOString();
  const runtime = copyRuntime(options.runtime);
  return {
    manifestVersion: MANIFEST_VERSION,
    status: 'running',
    startedAt,
    seeds: { ...options.seeds },
    runtime,
    segments: [{ fromStep: 0, startedAt, runtime }],
    versions: options.packages === undefined ? manifestVersions() : resolvedVersions(options.packages),
    ...(options.plugins && options.plugins.length > 0 ? { plugins: options.plugins.map((p) => ({ path: p.path, sha256: p.sha256 })) } : {}),
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
 * Reads `manifest.json` from a run folder. A version 1 manifest is returned in the version 2
 * shape: its `backend: { name, threads }` becomes a runtime with `threadsAffectResults: true` and
 * an empty kernel path (unknown, so a resume compares conservatively), and its one segment starts
 * at step 0; writing it back stores version 2.
 *
 * @param runDir - the run folder
 * @returns the manifest, or `undefined` when the folder has none
 * @throws DataError when the file is not a manifest (bad JSON, unknown status, a missing or
 *   malformed runtime, a version newer than this lrlab writes (2))
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
  const version = value['manifestVersion'] ?? 1;
  if (version === 1) return upgradeVersion1(path, value, hint);
  if (version !== MANIFEST_VERSION) {
    throw new DataError(
      path,
      `manifestVersion is ${JSON.stringify(version)}, this lrlab reads versions 1 to ${MANIFEST_VERSION}.`,
      'It was written by a newer lrlab: update lrlab to read it.',
    );
  }
  if (!isRuntime(value['runtime'])) throw new DataError(path, 'runtime is missing or malformed.', hint);
  const segments = value['segments'];
  if (!Array.isArray(segments) || segments.length === 0 || !segments.every(isSegment)) {
    throw new DataError(path, 'segments is missing or malformed.', hint);
  }
  const plugins = value['plugins'];
  if (plugins !== undefined && !(Array.isArray(plugins) && plugins.every(isPluginRecord))) {
    throw new DataError(path, 'plugins is malformed (expected a list of { path, sha256 }).', hint);
  }
  return value as unknown as RunManifest;
}

function isPluginRecord(value: unknown): value is PluginRecord {
  return isJsonObject(value) && typeof value['path'] === 'string' && typeof value['sha256'] === 'string' && /^[0-9a-f]{64}$/.test(value['sha256']);
}

/** A version 1 manifest in the version 2 shape (see {@link readManifest}). */
function upgradeVersion1(path: string, value: JsonObject, hint: string): RunManifest {
  const backend = value['backend'];
  if (!isJsonObject(backend) || typeof backend['name'] !== 'string') throw new DataError(path, 'backend is missing or malformed.', hint);
  const threads = backend['threads'];
  // Version 1 recorded neither the kernel path nor whether threads matter: assume they do.
  const runtime: RuntimeIdentity = {
    backend: backend['name'],
    threads: typeof threads === 'number' ? threads : null,
    threadsAffectResults: true,
    kernelPath: {},
  };
  const { backend: _dropped, ...rest } = value;
  return {
    ...(rest as unknown as Omit<RunManifest, 'runtime' | 'segments'>),
    manifestVersion: MANIFEST_VERSION,
    runtime,
    segments: [{ fromStep: 0, startedAt: value['startedAt'] as string, runtime }],
  };
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
  const updated: RunManifest = { ...stored, ...patch, manifestVersion: MANIFEST_VERSION };
  writeManifest(runDir, updated);
  return updated;
}

/** Whether a value has the shape of a {@link RuntimeIdentity}. */
function isRuntime(value: unknown): value is RuntimeIdentity {
  if (!isJsonObject(value)) return false;
  const { backend, threads, threadsAffectResults, kernelPath } = value;
  return (
    typeof backend === 'string' &&
    backend !== '' &&
    (threads === null || (typeof threads === 'number' && Number.isInteger(threads))) &&
    typeof threadsAffectResults === 'boolean' &&
    isJsonObject(kernelPath) &&
    Object.values(kernelPath).every((v) => typeof v === 'string')
  );
}

function isSegment(value: unknown): value is RunSegment {
  return (
    isJsonObject(value) &&
    typeof value['fromStep'] === 'number' &&
    Number.isInteger(value['fromStep']) &&
    typeof value['startedAt'] === 'string' &&
    isRuntime(value['runtime'])
  );
}

/**
 * Checks a runtime given to {@link createManifest}.
 *
 * @throws ConfigError naming the bad field
 */
function checkRuntime(field: string, runtime: RuntimeIdentity | undefined): void {
  if (typeof runtime?.backend !== 'string' || runtime.backend === '') throw new ConfigError(`${field}.backend`, runtime?.backend, 'a backend name such as "wasm"');
  if (runtime.threads !== null && !(Number.isInteger(runtime.threads) && runtime.threads >= 1)) {
    throw new ConfigError(`${field}.threads`, runtime.threads, 'a positive integer or null');
  }
  if (typeof runtime.threadsAffectResults !== 'boolean') throw new ConfigError(`${field}.threadsAffectResults`, runtime.threadsAffectResults, 'a boolean');
  for (const [key, value] of Object.entries(runtime.kernelPath ?? {})) {
    if (typeof value !== 'string') throw new ConfigError(`${field}.kernelPath.${key}`, value, 'a string');
  }
}

/** A plain copy, so later changes to the caller's object do not reach the manifest. */
function copyRuntime(runtime: RuntimeIdentity): RuntimeIdentity {
  return { backend: runtime.backend, threads: runtime.threads, threadsAffectResults: runtime.threadsAffectResults, kernelPath: { ...runtime.kernelPath } };
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

/** Git facts by folder, with when they were read: a study opens many runs within seconds, each asking. */
const gitSeen = new Map<string, { readonly atMs: number; readonly info: GitInfo | null }>();
/** How long git facts are reused (two git processes a run cost about 80 ms here). */
const GIT_REUSE_MS = 10_000;

function gitInfo(cwd: string): GitInfo | null {
  const seen = gitSeen.get(cwd);
  if (seen !== undefined && performance.now() - seen.atMs < GIT_REUSE_MS) return seen.info;
  const info = readGitInfo(cwd);
  gitSeen.set(cwd, { atMs: performance.now(), info });
  return info;
}

function readGitInfo(cwd: string): GitInfo | null {
  const commit = git(cwd, ['rev-parse', 'HEAD']);
  if (commit === undefined || !/^[0-9a-f]{40,64}$/.test(commit)) return null;
  const status = git(cwd, ['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status === undefined ? null : status !== '' };
}
