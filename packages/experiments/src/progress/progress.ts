/**
 * Progress on long work: a one-line bar on a terminal (epoch, step, loss, LR, ETA), plain periodic
 * lines otherwise (CI logs, files). Timing uses `performance.now()` and never reaches metrics.
 */

/** What the train loop reports after each step. */
export interface StepProgress {
  /** The run's name. */
  readonly run: string;
  /** Completed optimizer steps. */
  readonly step: number;
  /** Total steps of the run. */
  readonly totalSteps: number;
  /** Completed epochs, fractional. */
  readonly epoch: number;
  /** This step's training loss. */
  readonly loss: number;
  /** This step's learning rate. */
  readonly learningRate: number;
}

/** Receives progress; the CLI prints it, tests collect it, libraries may ignore it. */
export interface ProgressSink {
  /**
   * A step finished.
   *
   * @param progress - where the run is
   */
  step(progress: StepProgress): void;
  /**
   * A message worth a line of its own (an evaluation's headline, a checkpoint, a resume).
   *
   * @param line - the text
   */
  note(line: string): void;
  /** The run ended (successfully or not): finish the line. */
  done(): void;
}

/** A sink that drops everything. */
export const silentProgress: ProgressSink = { step: () => undefined, note: () => undefined, done: () => undefined };

/** A text stream progress is written to (`process.stderr` is one). */
export interface ProgressStream {
  /**
   * Writes text.
   *
   * @param text - the text
   * @returns anything (ignored)
   */
  write(text: string): unknown;
  /** Whether it is a terminal (then a one-line bar is redrawn in place). */
  readonly isTTY?: boolean;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Where to write, e.g. `process.stderr`. */
  readonly stream: ProgressStream;
  /** Seconds between plain lines when the stream is not a terminal (default 10). */
  readonly plainIntervalSeconds?: number;
  /** The clock in milliseconds (default `performance.now`); tests pass a fake one. */
  readonly now?: () => number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e4) ? value.toExponential(2) : value.toPrecision(4);
}

/**
 * A progress sink for a terminal or a log: on a TTY one line redrawn at most 10 times a second;
 * otherwise a plain line every `plainIntervalSeconds` and at the end of each run.
 *
 * @param options - the stream and timing
 * @returns the sink
 */
export function createProgress(options: ProgressOptions): ProgressSink {
  const { stream } = options;
  const now = options.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const intervalMs = (tty ? 0.1 : (options.plainIntervalSeconds ?? 10)) * 1000;
  let startedAt: { run: string; ms: number; step: number } | undefined;
  let lastDrawMs = -Infinity;
  let lineOpen = false;
  let last: StepProgress | undefined;

  const render = (p: StepProgress): string => {
    const elapsedS = startedAt ? (now() - startedAt.ms) / 1000 : 0;
    const done = p.step - (startedAt?.step ?? 0);
    const eta = done > 0 ? (elapsedS / done) * (p.totalSteps - p.step) : NaN;
    const fraction = p.totalSteps > 0 ? p.step / p.totalSteps : 1;
    const bar = tty ? `[${'#'.repeat(Math.round(fraction * 20)).padEnd(20, '.')}] ` : '';
    return `${p.run} ${bar}epoch ${p.epoch.toFixed(2)} step ${p.step}/${p.totalSteps} loss ${formatNumber(p.loss)} lr ${formatNumber(p.learningRate)} eta ${formatDuration(eta)}`;
  };
  const closeLine = (): void => {
    if (lineOpen) stream.write('\n');
    lineOpen = false;
  };

  return {
    step(progress) {
      if (startedAt?.run !== progress.run) startedAt = { run: progress.run, ms: now(), step: progress.step - 1 };
      last = progress;
      const t = now();
      if (t - lastDrawMs < intervalMs && progress.step !== progress.totalSteps) return;
      lastDrawMs = t;
      if (tty) {
        stream.write(`\r\x1b[2K${render(progress)}`);
        lineOpen = true;
      } else {
        stream.write(`${render(progress)}\n`);
      }
    },
    note(line) {
      closeLine();
      stream.write(`${line}\n`);
    },
    done() {
      if (!tty && last && last.step !== last.totalSteps) stream.write(`${render(last)}\n`);
      closeLine();
      startedAt = undefined;
      last = undefined;
    },
  };
}
