import type { SessionSummary } from '@amiga/protocol';

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** The sessions table as CSV, with raw numbers (not display strings). */
export function sessionsToCsv(sessions: readonly SessionSummary[]): string {
  return toCsv(
    [
      'session_id',
      'project',
      'model',
      'requests',
      'input_tokens',
      'output_tokens',
      'cache_creation_tokens',
      'cache_read_tokens',
      'cost_usd',
      'tool_calls',
      'first_seen',
      'last_seen',
    ],
    sessions.map((s) => [
      s.session_id,
      s.project,
      s.model,
      s.requests,
      s.input_tokens,
      s.output_tokens,
      s.cache_creation_tokens,
      s.cache_read_tokens,
      Number(s.cost_usd.toFixed(6)),
      s.tool_calls,
      iso(s.first_seen),
      iso(s.last_seen),
    ]),
  );
}
