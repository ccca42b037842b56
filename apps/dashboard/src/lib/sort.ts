import type { SessionSummary } from '@amiga/protocol';

export type SessionSortKey = 'project' | 'agent' | 'model' | 'requests' | 'tokens' | 'cost_usd' | 'tool_calls' | 'last_seen';
export type SortDir = 'asc' | 'desc';

export const sessionTokens = (s: SessionSummary): number =>
  s.input_tokens + s.output_tokens + s.cache_creation_tokens + s.cache_read_tokens;

function value(s: SessionSummary, key: SessionSortKey): string | number {
  switch (key) {
    case 'project':
      return (s.project ?? '').toLowerCase();
    case 'agent':
      return s.agent ?? '';
    case 'model':
      return (s.model ?? '').toLowerCase();
    case 'tokens':
      return sessionTokens(s);
    default:
      return s[key];
  }
}

/** A sorted copy; ties keep the server's order (most recently active first). */
export function sortSessions(list: readonly SessionSummary[], key: SessionSortKey, dir: SortDir): SessionSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  return list
    .map((s, i) => ({ s, i }))
    .sort((a, b) => {
      const x = value(a.s, key);
      const y = value(b.s, key);
      if (x < y) return -sign;
      if (x > y) return sign;
      return a.i - b.i;
    })
    .map(({ s }) => s);
}

/** Clicking the active column flips its direction; a new column starts descending (text ascending). */
export function nextSort(current: { key: SessionSortKey; dir: SortDir }, key: SessionSortKey): { key: SessionSortKey; dir: SortDir } {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'project' || key === 'model' ? 'asc' : 'desc' };
}
