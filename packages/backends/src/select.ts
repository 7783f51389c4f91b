/**
 * Backend selection: pick the fastest installed tfjs backend, or the one the user asked for, and
 * make sure it is running before any tensor is created.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '@lrlab/core';
import type { BackendCandidate } from './candidate';
import { defaultCandidates, nodeModuleLoader } from './candidates';
import type { RuntimeIdentity } from './runtime';

/** The environment variable that overrides any `prefer` option: `LRLAB_BACKEND=cpu`. */
export const BACKEND_ENV_VAR = 'LRLAB_BACKEND';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * The backend to use, or a list to try in order. Omitted: the first available of `candidates`.
   * The `LRLAB_BACKEND` environment variable, when set, takes precedence.
   */
  readonly prefer?: string | readonly string[];
  /** The candidates, in order of preference; default {@link defaultCandidates}. */
  readonly candidates?: readonly BackendCandidate[];
  /** Where `LRLAB_BACKEND` is read from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What happened to one candidate during selection. */
export interface CandidateOutcome {
  /** The candidate's backend name. */
  readonly name: string;
  /** `chosen`, `unavailable` (not installed), `failed` (installed but did not start) or `not tried`. */
  readonly outcome: 'chosen' | 'unavailable' | 'failed' | 'not tried';
  /** Why, in words. */
  readonly detail: string;
}

/** The result of {@link initBackend}: what was chosen and why. */
export interface BackendSelection {
  /** The tfjs backend now active. */
  readonly name: string;
  /** Why it was chosen, in one sentence. */
  readonly reason: string;
  /** Every candidate considered, in order. */
  readonly candidates: readonly CandidateOutcome[];
  /** The tfjs version in use. */
  readonly tfjsVersion: string;
  /** Extra facts from the backend (e.g. `threads` for wasm). */
  readonly details: Readonly<Record<string, string | number>>;
  /** What results depend on: backend, threads, and kernel path; recorded in run manifests. */
  readonly runtime: RuntimeIdentity;
}

function requestedNames(options: InitBackendOptions): { names: string[]; source: string } | undefined {
  const env = options.env ?? process.env;
  const fromEnv = env[BACKEND_ENV_VAR]?.trim();
  if (fromEnv) return { names: fromEnv.split(',').map((s) => s.trim()).filter(Boolean), source: `${BACKEND_ENV_VAR}=${fromEnv}` };
  if (options.prefer === undefined) return undefined;
  const names = typeof options.prefer === 'string' ? [options.prefer] : [...options.prefer];
  return names.length === 0 ? undefined : { names, source: `prefer: ${JSON.stringify(options.prefer)}` };
}

async function start(candidate: BackendCandidate): Promise<void> {
  await candidate.load();
  const ok = await tf.setBackend(candidate.name);
  if (!ok) {
    throw new BackendError(candidate.name, `tfjs could not initialise the ${candidate.name} backend.`, 'See the warnings above for the cause.');
  }
  await tf.ready();
  quietNodeBanner(tf.backend());
}

/**
 * tfjs's cpu backend (and lrlab's blas, built on it) prints "Hi, looks like you are running
 * TensorFlow.js in Node.js ... install our node backend" on its first tensor. lrlab chose this
 * backend itself, knowing the others (`initBackend` names them), so the banner is noise: mark the
 * backend as already used. Only that flag is touched; every other tfjs warning stays on.
 */
function quietNodeBanner(backend: object): void {
  if ('firstUse' in backend && backend.firstUse === true) (backend as { firstUse: boolean }).firstUse = false;
}

function installHint(candidate: BackendCandidate): string {
  if (candidate.name === 'blas') {
    return 'Install @lrlab/blas with OpenBLAS and a C compiler (sudo apt-get install -y libopenblas-dev build-essential, then npm install @lrlab/blas), or choose another backend (wasm, cpu).';
  }
  if (candidate.name === 'tensorflow') {
    return (
      'Install @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA 11.2 + cuDNN 8.1, Linux x64) ' +
      `at version ${tf.version.tfjs}, or choose another backend (wasm, cpu).`
    );
  }
  return `Install ${candidate.packages.join(' or ')}, or choose another backend.`;
}

/**
 * Selects, loads and activates a tfjs backend, and says what it chose and why.
 *
 * Order: `LRLAB_BACKEND` (a name, or a comma-separated list) if set; else `options.prefer`; else
 * the first available of the candidates (by default
 * tensorflow (GPU) > webgpu (GPU) > tensorflow (CPU) > blas > wasm > cpu; a candidate that says it
 * is not `automatic`, such as webgpu on a
 * software rasteriser, runs only when asked for). An explicitly
 * requested backend that is not installed or fails to start is an error, never a silent fallback;
 * in automatic mode a candidate that fails to start is recorded and the next one tried.
 * No tensor is created before the chosen backend is ready.
 *
 * @param options - preference, candidates and environment
 * @returns the selection, with a reason and the outcome of every candidate
 * @throws BackendError when a requested backend is unknown, not installed or fails to start
 * @example
 * ```ts
 * const selection = await initBackend();          // e.g. { name: 'wasm', reason: '...' }
 * await initBackend({ prefer: 'cpu' });            // exactly cpu, or an error
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendSelection> {
  const candidates = options.candidates ?? defaultCandidates(nodeModuleLoader, options.env ?? process.env);
  const requested = requestedNames(options);
  const outcomes: CandidateOutcome[] = [];
  const finish = (chosen: BackendCandidate, reason: string): BackendSelection => {
    const seen = new Set(outcomes.map((o) => o.name));
    for (const c of candidates) {
      if (!seen.has(c.name)) outcomes.push({ name: c.name, outcome: 'not tried', detail: 'an earlier candidate was chosen' });
    }
    const details = chosen.describe?.() ?? {};
    const facts = chosen.runtime?.() ?? { threadsAffectResults: true, kernelPath: {} };
    const threads = typeof details['threads'] === 'number' ? details['threads'] : null;
    const runtime: RuntimeIdentity = { backend: chosen.name, threads, ...facts };
    return { name: chosen.name, reason, candidates: outcomes, tfjsVersion: tf.version.tfjs, details, runtime };
  };

  if (requested) {
    const known = candidates.map((c) => c.name);
    for (const name of requested.names) {
      if (!known.includes(name)) {
        throw new BackendError(name, `Unknown backend ${JSON.stringify(name)} (from ${requested.source}).`, `Choose one of: ${known.join(', ')}.`);
      }
    }
    const failures: string[] = [];
    for (const name of requested.names) {
      const candidate = candidates.find((c) => c.name === name)!;
      const availability = candidate.detect();
      if (availability.available && availability.automatic === false && name !== requested.names[0]) {
        // Named as a fallback (a resume's list, say), not first: it runs only when asked for first.
        outcomes.push({ name, outcome: 'unavailable', detail: `${availability.detail}; it runs only when named first` });
        failures.push(`${name}: ${availability.detail}`);
        continue;
      }
      if (!availability.available) {
        outcomes.push({ name, outcome: 'unavailable', detail: availability.detail });
        failures.push(`${name}: ${availability.detail}`);
        if (requested.names.length === 1) {
          throw new BackendError(name, `Backend ${JSON.stringify(name)} was requested (${requested.source}) but ${availability.detail}.`, installHint(candidate));
        }
        continue;
      }
      try {
        await start(candidate);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        outcomes.push({ name, outcome: 'failed', detail });
        failures.push(`${name}: ${detail}`);
        if (requested.names.length === 1) {
          throw new BackendError(name, `Backend ${JSON.stringify(name)} was requested (${requested.source}) but failed to start: ${detail}`, installHint(candidate), { cause: error });
        }
        continue;
      }
      outcomes.push({ name, outcome: 'chosen', detail: availability.detail });
      return finish(candidate, `requested by ${requested.source}`);
    }
    throw new BackendError(requested.names.join(','), `None of the requested backends could be used (${requested.source}): ${failures.join('; ')}.`, 'Install one of them or choose another backend.');
  }

  for (const candidate of candidates) {
    const availability = candidate.detect();
    if (!availability.available) {
      outcomes.push({ name: candidate.name, outcome: 'unavailable', detail: availability.detail });
      continue;
    }
    if (availability.automatic === false) {
      outcomes.push({ name: candidate.name, outcome: 'unavailable', detail: `${availability.detail}; it runs only when asked for (${BACKEND_ENV_VAR}=${candidate.name})` });
      continue;
    }
    try {
      await start(candidate);
    } catch (error) {
      outcomes.push({ name: candidate.name, outcome: 'failed', detail: error instanceof Error ? error.message : String(error) });
      continue;
    }
    outcomes.push({ name: candidate.name, outcome: 'chosen', detail: availability.detail });
    const skipped = outcomes.filter((o) => o.outcome !== 'chosen').map((o) => `${o.name} ${o.outcome} (${o.detail})`);
    const order = candidates.map((c) => c.name).join(' > ');
    return finish(candidate, `first usable backend in the order ${order}${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}`);
  }
  throw new BackendError('auto', `No backend could be started: ${outcomes.map((o) => `${o.name}: ${o.detail}`).join('; ')}.`, 'Reinstall @tensorflow/tfjs.');
}
