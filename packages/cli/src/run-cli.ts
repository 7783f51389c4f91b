/**
 * The `lrlab` command line, as a function that returns an exit code (so tests run it in-process):
 * 0 success, 1 the run failed, 2 bad usage or config.
 */
import { LrlabError } from '@lrlab/core';
import { nearestName } from '@lrlab/core';
import type { CliIo } from './cli-io';
import { configCommand, CONFIG_HELP } from './commands/config';
import { doctorCommand, DOCTOR_HELP } from './commands/doctor';
import { listCommand, LIST_HELP } from './commands/list';
import { reportCommand, REPORT_HELP } from './commands/report';
import { resumeCommand, RESUME_HELP } from './commands/resume';
import { runCommand, RUN_HELP } from './commands/run';
import { showDataCommand, SHOW_DATA_HELP } from './commands/show-data';
import { statusCommand, STATUS_HELP } from './commands/status';
import { slurmCommand, SLURM_HELP } from './commands/slurm';
import { UsageError } from './usage-error';

const COMMANDS: Readonly<Record<string, { summary: string; help: string; run: (args: readonly string[], io: CliIo) => Promise<number> }>> = {
  run: { summary: 'run a preset or config (all runs × seeds) and write its report', help: RUN_HELP, run: runCommand },
  list: { summary: 'list the presets with their cost', help: LIST_HELP, run: listCommand },
  resume: { summary: 'continue a killed run from its last checkpoint', help: RESUME_HELP, run: resumeCommand },
  report: { summary: 'write report.md and plots for study folders', help: REPORT_HELP, run: reportCommand },
  status: { summary: 'show where each run of a study stands', help: STATUS_HELP, run: statusCommand },
  slurm: { summary: 'write (and submit) a study as a Slurm array job', help: SLURM_HELP, run: slurmCommand },
  'show-data': { summary: 'write a PNG grid of training examples per group', help: SHOW_DATA_HELP, run: showDataCommand },
  config: { summary: 'describe the config file: its fields, a kind\'s fields, or its JSON Schema', help: CONFIG_HELP, run: configCommand },
  doctor: { summary: 'check the backend and train a small conv net', help: DOCTOR_HELP, run: doctorCommand },
};

/** The top-level help text. */
function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: lrlab <command> [options]

Commands:
${lines.join('\n')}

Run "lrlab <command> --help" for a command's options.`;
}

/**
 * Runs the `lrlab` command line.
 *
 * @param argv - arguments after the program name, e.g. `['doctor', '--backend', 'cpu']`
 * @param io - where to print
 * @returns the exit code: 0 ok, 1 run failed, 2 bad usage, config or backend choice
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    io.stdout((require('../package.json') as { version: string }).version);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const meant = nearestName(name, Object.keys(COMMANDS));
    io.stderr(`lrlab: unknown command ${JSON.stringify(name)}${meant === undefined ? '.' : `; did you mean ${meant}?`}`);
    io.stderr(`Commands: ${Object.keys(COMMANDS).join(', ')} (\`lrlab --help\` says what each does).`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`lrlab ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof LrlabError) {
      io.stderr(`lrlab ${name}: ${error.problem}`);
      if (error.hint) io.stderr(`  ${error.hint}`);
      return error.code === 'config' || error.code === 'backend' ? 2 : 1;
    }
    throw error;
  }
}
