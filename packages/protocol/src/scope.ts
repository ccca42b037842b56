import { z } from 'zod';

/** Which coding agent an event is about (`claude-code`, `codex`, `gemini-cli`, a runner's own name). */
export const agentId = z
  .string()
  .regex(/^[a-z0-9._-]{1,64}$/, { message: 'must be 1-64 characters of a-z, 0-9, ".", "_" or "-"' });
export type AgentId = z.infer<typeof agentId>;

/**
 * The machine an event comes from (a host name, `MONITORING_MACHINE`, a forwarder's `--machine`):
 * 1-128 characters of letters (either case), digits, `.`, `_` and `-`, so any host name fits.
 */
export const machineName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, { message: 'must be 1-128 characters of A-Z, a-z, 0-9, ".", "_" or "-"' });
export type MachineName = z.infer<typeof machineName>;

/**
 * A window's filter (its scope): one agent and/or one machine; neither is every event.
 * A window is its hours plus this filter.
 */
export interface Scope {
  agent?: string | undefined;
  machine?: string | undefined;
}

/** The filter fields of a `subscribe` / `subscribe_topics` payload (absent or null: no filter). */
export const scopeFields = {
  /** Only this agent's events (`claude-code`, `codex`, `gemini-cli`, …); an agent never seen gives an empty snapshot. */
  agent: agentId.nullish(),
  /** Only this machine's events; a machine never seen gives an empty snapshot. */
  machine: machineName.nullish(),
};

/** A scope with absent filters left out (`{}` for none), so equal filters compare equal. */
export function normalScope(s: { agent?: string | null | undefined; machine?: string | null | undefined } | null | undefined): Scope {
  const out: Scope = {};
  if (s?.agent) out.agent = s.agent;
  if (s?.machine) out.machine = s.machine;
  return out;
}

/** A stable name of a scope (`''` for no filter), for keying windows. */
export const scopeKey = (s: Scope): string => (s.agent || s.machine ? `${s.agent ?? ''}\u0000${s.machine ?? ''}` : '');
