/** A command-line mistake (unknown command or option, bad value); the CLI exits with code 2. */
export class UsageError extends Error {
  /**
   * @param message - what was wrong and what to type instead
   * @param command - the command whose usage it is: the message then ends with a line pointing to
   *   `lrlab <command> --help` (instead of printing the whole help)
   */
  constructor(message: string, command?: string) {
    super(command === undefined ? message : `${message}\nSee \`lrlab ${command} --help\` for its usage.`);
    this.name = 'UsageError';
  }
}
