import type { MetricsSnapshot } from '@amiga/protocol';
import { useMemo, type ReactNode } from 'react';
import { burnRate } from '../lib/burn-rate';
import { formatCompact, formatInt, formatUsd } from '../lib/format';
import { windowLabel } from '../lib/windows';

function Card({ label, value, testId, children, tone }: { label: string; value: string; testId?: string; children?: ReactNode; tone?: string }) {
  return (
    <section className={`card kpi${tone ? ` kpi-${tone}` : ''}`}>
      <h3 className="kpi-label">{label}</h3>
      <div className="kpi-value" data-testid={testId}>
        {value}
      </div>
      {children && <div className="kpi-sub">{children}</div>}
    </section>
  );
}

const Split = ({ items }: { items: [string, string, string?][] }) => (
  <ul className="split">
    {items.map(([name, value, cls]) => (
      <li key={name}>
        <span className={`swatch ${cls ?? ''}`} aria-hidden />
        <span className="muted">{name}</span> <span className="num">{value}</span>
      </li>
    ))}
  </ul>
);

export function KpiCards({ snapshot }: { snapshot: MetricsSnapshot | null }) {
  const burn = useMemo(
    () => (snapshot ? burnRate(snapshot.series.points, snapshot.series.bucket_seconds, snapshot.timestamp) : null),
    [snapshot],
  );
  if (!snapshot) {
    const dash = '—';
    return (
      <div className="kpis">
        <Card label="Total cost" value={dash} testId="kpi-total-cost" />
        <Card label="Burn rate" value={dash} />
        <Card label="API requests" value={dash} testId="kpi-api-requests" />
        <Card label="Tokens" value={dash} />
        <Card label="Tool calls" value={dash} testId="kpi-tool-calls" />
        <Card label="Tasks" value={dash}>
          <span data-testid="kpi-tasks-running">{dash}</span> running
        </Card>
        <Card label="Sessions" value={dash} />
      </div>
    );
  }
  const { costs, claude_api: api, tools, tasks } = snapshot.overview;
  const cache = api.total_cache_creation_tokens + api.total_cache_read_tokens;
  return (
    <div className="kpis">
      <Card label={`Total cost · ${windowLabel(snapshot.window.hours)}`} value={formatUsd(costs.total_cost)} testId="kpi-total-cost" tone="accent">
        <Split
          items={[
            ['haiku', formatUsd(costs.haiku_cost), 'c-haiku'],
            ['sonnet', formatUsd(costs.sonnet_cost), 'c-sonnet'],
            ['opus', formatUsd(costs.opus_cost), 'c-opus'],
            ...(costs.other_cost > 0 ? [['other', formatUsd(costs.other_cost), 'c-other'] as [string, string, string]] : []),
          ]}
        />
        {costs.unpriced_models.length > 0 && (
          <p className="note" title="No price row matches these models; their cost is not in the total">
            ⚠ not priced: {costs.unpriced_models.join(', ')}
          </p>
        )}
      </Card>
      <Card label="Burn rate" value={`${formatUsd(burn?.perHour ?? 0)}/h`}>
        <span className="muted">last hour · ≈ </span>
        <span className="num">{formatUsd(burn?.perDay ?? 0)}</span>
        <span className="muted"> per day at this rate</span>
      </Card>
      <Card label="API requests" value={formatInt(api.total_requests)} testId="kpi-api-requests">
        <span className="muted">{Object.keys(api.by_model).length} models</span>
      </Card>
      <Card label="Tokens" value={formatCompact(api.total_input_tokens + api.total_output_tokens + cache)}>
        <Split
          items={[
            ['in', formatCompact(api.total_input_tokens), 'c-input'],
            ['out', formatCompact(api.total_output_tokens), 'c-output'],
            ['cache', formatCompact(cache), 'c-cache'],
          ]}
        />
      </Card>
      <Card label="Tool calls" value={formatInt(tools.total_calls)} testId="kpi-tool-calls">
        <span className="muted">{Object.keys(tools.by_type).length} tools</span>
        {tools.failed_calls > 0 && <span className="bad"> · {formatInt(tools.failed_calls)} failed</span>}
      </Card>
      <Card label="Tasks" value={formatInt(tasks.total)}>
        <span className="num" data-testid="kpi-tasks-running">
          {formatInt(tasks.running)}
        </span>
        <span className="muted"> running · </span>
        <span className="num good">{formatInt(tasks.completed)}</span>
        <span className="muted"> done · </span>
        <span className={tasks.failed > 0 ? 'num bad' : 'num'}>{formatInt(tasks.failed)}</span>
        <span className="muted"> failed</span>
        {tasks.stale > 0 && (
          <span className="bad" title="running with no update for longer than the stale threshold">
            {' '}
            · {formatInt(tasks.stale)} stale
          </span>
        )}
      </Card>
      <Card label="Sessions" value={formatInt(snapshot.sessions.total_sessions)}>
        <span className="muted">{formatInt(snapshot.sessions.total_tools)} tool calls in sessions</span>
      </Card>
    </div>
  );
}
