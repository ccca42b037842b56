import type { SessionPage, SessionTool } from '@amiga/protocol';
import { toCsv } from './csv';

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const usd = (v: number | null) => (v === null ? null : Number(v.toFixed(6)));

/**
 * One session as CSV: a row per request and per tool call in time order, `kind` saying which;
 * raw numbers, ISO times. The session's id is on every row so files can be concatenated.
 */
export function sessionToCsv(page: SessionPage): string {
  const id = page.session.session_id;
  type Row = { ts: number; cells: (string | number | null)[] };
  const rows: Row[] = [
    ...page.requests.map((r) => ({
      ts: r.ts,
      cells: [id, 'request', iso(r.ts), r.model, r.input_tokens, r.output_tokens, r.cache_creation_tokens, r.cache_read_tokens, r.reasoning_tokens, usd(r.cost_usd), r.duration_ms, r.source, null, null, null],
    })),
    ...page.tools.map((t) => ({
      ts: t.ts,
      cells: [id, 'tool', iso(t.ts), null, null, null, null, null, null, null, t.duration_ms, null, t.name, t.success === null ? null : String(t.success), t.error],
    })),
  ];
  rows.sort((a, b) => a.ts - b.ts);
  return toCsv(
    [
      'session_id',
      'kind',
      'ts',
      'model',
      'input_tokens',
      'output_tokens',
      'cache_creation_tokens',
      'cache_read_tokens',
      'reasoning_tokens',
      'cost_usd',
      'duration_ms',
      'source',
      'tool',
      'success',
      'error',
    ],
    rows.map((r) => r.cells),
  );
}

/** Failed tool calls grouped by error text, then tool: the biggest group first. */
export interface ToolFailureGroup {
  error: string;
  name: string;
  count: number;
  last: number;
}

export function groupToolFailures(tools: readonly SessionTool[]): ToolFailureGroup[] {
  const groups = new Map<string, ToolFailureGroup>();
  for (const t of tools) {
    if (t.success !== false) continue;
    const error = t.error ?? 'failed';
    const key = `${error}\u0000${t.name}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.last = Math.max(g.last, t.ts);
    } else groups.set(key, { error, name: t.name, count: 1, last: t.ts });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.last - a.last || a.name.localeCompare(b.name));
}

/** Tool calls per tool name: calls, failures; most used first. */
export function toolCounts(tools: readonly SessionTool[]): { name: string; calls: number; failed: number }[] {
  const m = new Map<string, { name: string; calls: number; failed: number }>();
  for (const t of tools) {
    const c = m.get(t.name) ?? { name: t.name, calls: 0, failed: 0 };
    c.calls++;
    if (t.success === false) c.failed++;
    m.set(t.name, c);
  }
  return [...m.values()].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
}

/** Whether a session counts as active: its last activity within `withinSeconds` of now, or the hooks say it works or waits. */
export function isActiveSession(s: { last_seen: number; state: string | null }, nowSeconds: number, withinSeconds = 300): boolean {
  if (s.state === 'ended') return false;
  return s.state === 'working' || s.state === 'needs_input' || nowSeconds - s.last_seen <= withinSeconds;
}
