// An error the CLI reports as one or more plain lines (no stack trace) with an exit code. `cause`,
// when given, is what `--debug` prints the stack of.
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
