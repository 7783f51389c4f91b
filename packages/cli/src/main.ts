/**
 * The `lrlab` executable: runs {@link runCli} on the process's arguments.
 *
 * @module
 */
import { createProgress } from '@lrlab/experiments';
import { runCli } from './run-cli';

// A reader that stops early (`lrlab status runs/x | head -2`) closes the pipe: the next write fails
// with EPIPE. That is the reader's choice, not an error, so the process ends quietly, as a Unix
// tool killed by SIGPIPE would (Node ignores SIGPIPE, so the failed write is all there is).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  progress: createProgress({ stream: process.stderr }),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lrlab: unexpected error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
