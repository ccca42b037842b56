import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's flags (`--name value`, `--name=value`, `--flag`); an unknown flag or a
 * missing value is a CliError naming it. Positionals are returned in order.
 */
export function parseFlags<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    // One line: node's longer messages go on with hints on the next lines.
    throw new CliError((err as Error).message.replace(/\. To specify a positional argument.*$/s, '').split('\n')[0] ?? '');
  }
}
