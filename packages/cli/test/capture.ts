/** Captures what the command line prints, for tests. */
import type { CliIo } from '../src';

/** A CliIo that collects output lines. */
export function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
}
