/**
 * A backend candidate: one way to run tfjs, with how to detect it and how to load it.
 * {@link initBackend} walks an ordered list of them; later work may add faster candidates.
 */
import type { RuntimeFacts } from './runtime';

/** Whether a candidate can be used here, and why (shown to the user). */
export interface Availability {
  /** True when the candidate's packages are installed. */
  readonly available: boolean;
  /** Which package was found, or what is missing. */
  readonly detail: string;
  /**
   * False when it may run only when asked for by name, never chosen automatically (webgpu on a
   * software rasteriser: correct, but slower than the CPU backends). Omitted: true.
   */
  readonly automatic?: boolean;
}

/** One way to run tfjs. */
export interface BackendCandidate {
  /** The tfjs backend name it registers (`tensorflow`, `wasm`, `cpu`, ...). */
  readonly name: string;
  /** One line for `lrlab` output and docs. */
  readonly description: string;
  /** The npm packages that provide it, in the order they are tried; named in install hints. */
  readonly packages: readonly string[];
  /** Checks, without loading anything heavy and without creating tensors, whether it is installed. */
  detect(): Availability;
  /**
   * Loads its packages so the backend is registered with tfjs, and registers any extra kernels.
   * Called only when `detect()` said available; `initBackend` calls `tf.setBackend` afterwards.
   */
  load(): Promise<void>;
  /** Extra facts to report once the backend is running (e.g. its thread count). */
  describe?(): Readonly<Record<string, string | number>>;
  /**
   * What its results depend on once running: whether the thread count changes them, and its
   * kernel path. Omitted: results may depend on the thread count, and there is one kernel path.
   */
  runtime?(): RuntimeFacts;
}
