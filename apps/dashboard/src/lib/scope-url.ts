/**
 * The dashboard's filter (one agent and/or one machine), kept in the page address as
 * `?agent=` and `?machine=` so a filtered view can be shared and survives a reload.
 *
 * The name rules mirror the protocol's `agentId` and `machineName` schemas (scope.ts);
 * they are written out here so the first bundle does without zod (a test pins them to
 * the schemas).
 */

/** `[a-z0-9._-]{1,64}`: the protocol's `agentId`. */
const AGENT_NAME = /^[a-z0-9._-]{1,64}$/;
/** `[A-Za-z0-9._-]{1,128}`: the protocol's `machineName`. */
const MACHINE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** The filter chosen; `null` is every agent (or machine). */
export interface ScopeChoice {
  agent: string | null;
  machine: string | null;
}

export const NO_SCOPE: ScopeChoice = { agent: null, machine: null };

export const isAgentName = (v: unknown): v is string => typeof v === 'string' && AGENT_NAME.test(v);
export const isMachineName = (v: unknown): v is string => typeof v === 'string' && MACHINE_NAME.test(v);

/** The filter a query string names; a missing, empty or malformed value is no filter. */
export function parseScope(search: string): ScopeChoice {
  const params = new URLSearchParams(search);
  const agent = params.get('agent');
  const machine = params.get('machine');
  return { agent: isAgentName(agent) ? agent : null, machine: isMachineName(machine) ? machine : null };
}

/**
 * `href` with its `agent` / `machine` parameters set to `scope` (left out when null),
 * every other parameter and the hash kept as they were.
 */
export function withScope(href: string, scope: ScopeChoice): string {
  const url = new URL(href);
  const before = url.search;
  for (const key of ['agent', 'machine'] as const) {
    const value = scope[key];
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  return url.search === before ? href : url.toString();
}

export const sameScope = (a: ScopeChoice, b: ScopeChoice): boolean => a.agent === b.agent && a.machine === b.machine;

/** The filter a snapshot says it was computed with (`window.agent` / `window.machine`). */
export const scopeOfWindow = (w: { agent?: string | undefined; machine?: string | undefined }): ScopeChoice => ({
  agent: w.agent || null,
  machine: w.machine || null,
});

/** Query parameters for `apiUrl`: absent filters are left out of the URL. */
export const scopeParams = (scope: ScopeChoice): { agent?: string; machine?: string } => ({
  ...(scope.agent !== null ? { agent: scope.agent } : {}),
  ...(scope.machine !== null ? { machine: scope.machine } : {}),
});

/** The filter of this page's address; a malformed one is dropped from the address bar. */
export function loadScope(): ScopeChoice {
  if (typeof window === 'undefined') return NO_SCOPE;
  const scope = parseScope(window.location.search);
  saveScope(scope);
  return scope;
}

/** Writes the filter into the address bar (replacing the history entry, as the other controls do not add any). */
export function saveScope(scope: ScopeChoice): void {
  if (typeof window === 'undefined') return;
  const next = withScope(window.location.href, scope);
  if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
}
