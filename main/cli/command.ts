/** One CLI command; each lives in `commands/<name>.ts` and is listed in `commands/index.ts`. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

/** A user mistake on the command line: printed as one line with the usage, exit code 2. */
export class UsageError extends Error {}
