/** A command-line mistake (unknown command or option, bad value); the CLI exits with code 2. */
export class UsageError extends Error {
  /**
   * @param message - what was wrong and what to type instead
   */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
