/** Colours that read on both themes. */
export const COLORS = {
  haiku: '#14b8a6',
  sonnet: '#6366f1',
  opus: '#f59e0b',
  other: '#94a3b8',
  input: '#3b82f6',
  output: '#a855f7',
  cache_creation: '#f97316',
  cache_read: '#22c55e',
  pending: '#94a3b8',
  running: '#3b82f6',
  completed: '#22c55e',
  failed: '#ef4444',
} as const;

export const tooltipStyle = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 },
  labelStyle: { color: 'var(--muted)' },
};

export const axis = { tick: { fontSize: 11 }, tickLine: false, axisLine: false } as const;

export const CHART_HEIGHT = 220;
