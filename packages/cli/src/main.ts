/**
 * The `lrlab` executable: runs {@link runCli} on the process's arguments.
 *
 * @module
 */
import { createProgress } from '@lrlab/experiments';
import { runCli } from './run-cli';

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
