import { spawn } from 'node:child_process';

/**
 * The user's own status-line command, kept by `statusline install` and run before ours: through
 * the shell, as Claude Code runs it, with the same JSON on stdin. Never throws; its output is
 * given back as it printed it (empty when it fails to start), at most after `timeoutMs`.
 */

/** How long the chained command may run before it is stopped and its output so far is used. */
export const CHAIN_TIMEOUT_MS = 5_000;

export function runChained(command: string, input: string, env: NodeJS.ProcessEnv, timeoutMs = CHAIN_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish();
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      resolve(out);
    }
    const child = spawn(command, { shell: true, env, stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', finish);
    child.on('close', finish);
    child.stdin.on('error', () => {}); // a command that does not read its stdin closes the pipe early
    child.stdin.end(input);
  });
}
