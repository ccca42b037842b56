/** What a command reads and writes: the process's streams and environment, or a test's. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

/** A usage error: printed as one line, exit code 2. */
export class CliError extends Error {}

/** Exit code of a usage or configuration error. */
export const USAGE_EXIT = 2;
