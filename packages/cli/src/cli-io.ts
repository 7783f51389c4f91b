/** What the command line prints through, so tests can capture it. */
import type { ProgressSink } from '@lrlab/experiments';

/** Where the CLI prints; tests capture it. */
export interface CliIo {
  /** Prints one line of regular output. */
  stdout(line: string): void;
  /** Prints one line of diagnostics. */
  stderr(line: string): void;
  /** Where training progress goes (default: nowhere). */
  readonly progress?: ProgressSink;
}
