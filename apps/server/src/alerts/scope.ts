/**
 * A rule's narrowing to one project, agent and/or machine (`cost_over`, `no_data`): its alert
 * instance's key, the words of its title and its details.
 */
export interface RuleScope {
  project?: string | undefined;
  agent?: string | undefined;
  machine?: string | undefined;
}

/** `all` without a filter, else `project:api,agent:codex,machine:laptop` (the filters given, in that order). */
export function scopeKey(s: RuleScope): string {
  const parts = [s.project === undefined ? null : `project:${s.project}`, s.agent === undefined ? null : `agent:${s.agent}`, s.machine === undefined ? null : `machine:${s.machine}`];
  const given = parts.filter((p): p is string => p !== null);
  return given.length === 0 ? 'all' : given.join(',');
}

/** `of codex in api on laptop`, `of api`, `on laptop` (with `prep` `of`; `from codex` with `from`); empty without a filter. */
export function scopePhrase(s: RuleScope, prep: 'of' | 'from'): string {
  const subject = s.agent === undefined ? s.project : s.project === undefined ? s.agent : `${s.agent} in ${s.project}`;
  return [subject === undefined ? undefined : `${prep} ${subject}`, s.machine === undefined ? undefined : `on ${s.machine}`].filter((p): p is string => p !== undefined).join(' ');
}

/** The filters given, as message details. */
export function scopeDetails(s: RuleScope): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (s.project !== undefined) out.push(['Project', s.project]);
  if (s.agent !== undefined) out.push(['Agent', s.agent]);
  if (s.machine !== undefined) out.push(['Machine', s.machine]);
  return out;
}
