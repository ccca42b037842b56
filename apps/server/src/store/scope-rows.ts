/**
 * The scopes a rollup row is kept under. Every API request, tool call and API error
 * is added to four rows of its dimension, bucket and key: all agents on all machines
 * (ANY, ANY), its agent on all machines (agent, ANY), all agents on its machine (ANY,
 * machine), and its agent on its machine. So a window, unfiltered or filtered to one
 * agent and/or one machine, is one range of the rollups' primary key (dim, agent,
 * machine, bucket, key), and its cost does not grow with the number of agents or machines.
 * Session rows (`s`) are kept under (ANY, ANY) only: a session has one agent and one machine.
 */
export const ANY = '*';

/** The (agent, machine) pairs an event with this agent and machine is counted under. */
export function scopesOf(agent: string, machine: string): ReadonlyArray<readonly [string, string]> {
  return [
    [ANY, ANY],
    [agent, ANY],
    [ANY, machine],
    [agent, machine],
  ];
}

/** The stored (agent, machine) of a window's filter: ANY for a part not filtered. */
export const scopeColumns = (s: { agent?: string | undefined; machine?: string | undefined }): { agent: string; machine: string } => ({
  agent: s.agent ?? ANY,
  machine: s.machine ?? ANY,
});

/**
 * In a migration's text, the name of the machine the store runs on (the `machine` option of
 * the store: MONITORING_MACHINE, by default the host name). Rows written before machines
 * were recorded came from the server that wrote them, so a migration names them with this;
 * `withLocalMachine` puts the name in before the migration runs.
 */
export const LOCAL_MACHINE = '@@LOCAL_MACHINE@@';

/** A migration's text with the local machine's name in it (a quoted SQL literal is safe: quotes are doubled). */
export const withLocalMachine = (sql: string, machine: string): string => sql.replaceAll(LOCAL_MACHINE, machine.replaceAll("'", "''"));

/**
 * The agent of data stored before agents were recorded (a migration's rule, documented in the README):
 * Claude Code's when it looks like Claude Code's (a `claude…` model, a transcript request merged by its
 * largest totals, a `toolu_…` tool call id), else `unknown`. Tool rows of the rollups, which name no model,
 * are Claude Code's when the rollups hold Claude models at all.
 */
export const LEGACY_CLAUDE = 'claude-code';
