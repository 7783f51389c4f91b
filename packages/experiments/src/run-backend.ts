/**
 * Which backend a run initialises: the config's choice, or, for a run that resumes, the runtime it
 * trained on (its backend, and its thread count and blas instruction set where the user has not
 * set them). tfjs has one global backend, so it is initialised once per distinct request.
 */
import { BACKEND_ENV_VAR, THREADS_ENV_VAR, defaultCandidates, initBackend, nodeModuleLoader, type BackendSelection, type RuntimeIdentity } from '@lrlab/backends';

/** The environment variable `@lrlab/blas` reads when it loads to force its SIMD path (`avx512`, `avx2`, `generic`). */
const BLAS_ISA_ENV_VAR = 'LRLAB_BLAS_ISA';

/** The environment variables a user sets to choose the runtime; a set one is never overridden. */
const RUNTIME_ENV_VARS = [BACKEND_ENV_VAR, THREADS_ENV_VAR, BLAS_ISA_ENV_VAR] as const;

/** What a run asks of the backend. */
export interface BackendRequest {
  /** The config's `backend`: a name, or `auto`. */
  readonly configBackend: string;
  /** The runtime the run trained on, when it resumes. */
  readonly resumeOn?: RuntimeIdentity;
}

/** How a run calls `initBackend`: what it prefers and the variables set while the backend loads. */
export interface BackendPlan {
  /** `initBackend`'s `prefer`; undefined for core's default order. */
  readonly prefer: string | readonly string[] | undefined;
  /**
   * Environment variables set while the backend loads, to reproduce the recorded runtime:
   * `LRLAB_THREADS` (where the recorded backend's results depend on threads) and `LRLAB_BLAS_ISA`
   * (a recorded blas instruction set); never one the user has set.
   */
  readonly pins: Readonly<Record<string, string>>;
}

/**
 * Plans the backend initialisation for a run. A config that names a backend gets it. With `auto`,
 * a resuming run asks first for the backend it trained on and then the usual order (so an
 * unavailable one still yields a runtime to compare); a new run gets the usual order.
 * `LRLAB_BACKEND`, when set, still takes precedence inside `initBackend`.
 *
 * @param request - the config's backend, the model kind and the recorded runtime
 * @param env - the environment; default `process.env`
 * @returns what to pass to `initBackend` and which variables to set while it loads
 * @example
 * ```ts
 * const wasm = { backend: 'wasm', threads: 2, threadsAffectResults: true, kernelPath: {} };
 * planBackend({ configBackend: 'auto', resumeOn: wasm }, {});
 * // { prefer: ['wasm', 'webgpu', 'tensorflow', 'blas', 'cpu'], pins: { LRLAB_THREADS: '2' } }
 * ```
 */
export function planBackend(request: BackendRequest, env: Readonly<Record<string, string | undefined>> = process.env): BackendPlan {
  const order = defaultCandidates(nodeModuleLoader, env).map((c) => c.name);
  const recorded = request.resumeOn;
  let prefer: string | readonly string[] | undefined;
  if (request.configBackend !== 'auto') prefer = request.configBackend;
  else if (recorded && order.includes(recorded.backend)) prefer = [recorded.backend, ...order.filter((name) => name !== recorded.backend)];
  const pins: Record<string, string> = {};
  const unset = (name: string): boolean => !env[name]?.trim();
  if (recorded?.threadsAffectResults && recorded.threads !== null && unset(THREADS_ENV_VAR)) pins[THREADS_ENV_VAR] = String(recorded.threads);
  const isa = recorded?.backend === 'blas' ? recorded.kernelPath['isa'] : undefined;
  if (isa !== undefined && unset(BLAS_ISA_ENV_VAR)) pins[BLAS_ISA_ENV_VAR] = isa;
  return { prefer, pins };
}

/**
 * The runtime variables the user has set, e.g. `LRLAB_BACKEND=cpu`, for messages.
 *
 * @param env - the environment; default `process.env`
 * @returns `NAME=value` for each one set
 */
export function userRuntimeSettings(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return RUNTIME_ENV_VARS.filter((name) => env[name]?.trim()).map((name) => `${name}=${env[name]!.trim()}`);
}

let selection: Promise<BackendSelection> | undefined;
let selectionKey: string | undefined;

/**
 * Initialises the backend a run needs, once per distinct plan: runs that need the same plan share
 * the selection, and a different plan initialises again (tfjs switches its global backend; what a
 * loaded backend fixed for the process, such as OpenBLAS's core type, stays, and the runtime
 * identity it reports says so).
 *
 * @param request - the config's backend and the recorded runtime
 * @returns the selection, with its `runtime`
 * @throws BackendError when a requested backend is unknown, not installed or fails to start
 */
export function ensureBackend(request: BackendRequest): Promise<BackendSelection> {
  const plan = planBackend(request);
  const key = JSON.stringify(plan);
  if (selection === undefined || selectionKey !== key) {
    selectionKey = key;
    selection = initPinned(plan);
  }
  return selection;
}

async function initPinned(plan: BackendPlan): Promise<BackendSelection> {
  const saved = Object.keys(plan.pins).map((name) => [name, process.env[name]] as const);
  // @lrlab/blas reads its variables from process.env when it loads; they are set for that load only.
  Object.assign(process.env, plan.pins);
  try {
    return await initBackend(plan.prefer === undefined ? {} : { prefer: plan.prefer });
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
