import type { MetricsSnapshot } from '@amiga/protocol';
import { memo, useMemo } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatBucket, formatCompact, formatInt, formatUsd } from '../lib/format';
import { fillSeries } from '../lib/series';

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

const tooltipStyle = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 },
  labelStyle: { color: 'var(--muted)' },
};
const axis = { tick: { fontSize: 11 }, tickLine: false, axisLine: false } as const;

function ChartCard({ title, children, wide }: { title: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <section className={`card chart${wide ? ' chart-wide' : ''}`}>
      <h2>{title}</h2>
      <div className="chart-body">{children}</div>
    </section>
  );
}

function Charts({ snapshot }: { snapshot: MetricsSnapshot }) {
  const { series, window, timestamp } = snapshot;
  const hours = window.hours;
  const points = useMemo(
    () =>
      fillSeries(series, window.since, timestamp).map((p) => ({
        t: p.t,
        ...p.cost,
        input: p.tokens.input,
        output: p.tokens.output,
        cache_creation: p.tokens.cache_creation,
        cache_read: p.tokens.cache_read,
      })),
    [series, window.since, timestamp],
  );
  const tools = useMemo(
    () =>
      Object.entries(snapshot.overview.tools.by_type)
        .map(([name, calls]) => ({ name, calls }))
        .sort((a, b) => b.calls - a.calls)
        .slice(0, 12),
    [snapshot.overview.tools.by_type],
  );
  const t = snapshot.overview.tasks;
  const tasks = (['running', 'pending', 'completed', 'failed'] as const).map((k) => ({ name: k, value: t[k] })).filter((d) => d.value > 0);
  const tick = (v: number) => formatBucket(v, hours);
  const families = (['haiku', 'sonnet', 'opus', 'other'] as const).filter((k) => k !== 'other' || snapshot.overview.costs.other_cost > 0);

  return (
    <div className="charts">
      <ChartCard title="Cost over time by model family" wide>
        <ResponsiveContainer width="100%" height={220}>
          <AreaChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" tickFormatter={tick} minTickGap={40} {...axis} />
            <YAxis tickFormatter={(v: number) => formatUsd(v)} width={64} {...axis} />
            <Tooltip labelFormatter={(v) => tick(Number(v))} formatter={(v) => formatUsd(Number(v))} {...tooltipStyle} />
            <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
            {families.map((k) => (
              <Area key={k} type="monotone" dataKey={k} stackId="cost" stroke={COLORS[k]} fill={COLORS[k]} fillOpacity={0.35} isAnimationActive={false} />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title="Tokens over time" wide>
        <ResponsiveContainer width="100%" height={220}>
          <AreaChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" tickFormatter={tick} minTickGap={40} {...axis} />
            <YAxis tickFormatter={(v: number) => formatCompact(v)} width={64} {...axis} />
            <Tooltip labelFormatter={(v) => tick(Number(v))} formatter={(v) => formatInt(Number(v))} {...tooltipStyle} />
            <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
            {(['input', 'output', 'cache_creation', 'cache_read'] as const).map((k) => (
              <Area key={k} type="monotone" dataKey={k} name={k.replace('_', ' ')} stackId="tokens" stroke={COLORS[k]} fill={COLORS[k]} fillOpacity={0.3} isAnimationActive={false} />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title="Tool calls by type">
        {tools.length === 0 ? (
          <p className="chart-empty">No tool calls in this window</p>
        ) : (
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={tools} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} {...axis} />
              <YAxis type="category" dataKey="name" width={90} {...axis} />
              <Tooltip formatter={(v) => formatInt(Number(v))} cursor={{ fill: 'var(--hover)' }} {...tooltipStyle} />
              <Bar dataKey="calls" fill={COLORS.sonnet} radius={[0, 4, 4, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </ChartCard>
      <ChartCard title="Task status">
        {tasks.length === 0 ? (
          <p className="chart-empty">No tasks in this window</p>
        ) : (
          <ResponsiveContainer width="100%" height={220}>
            <PieChart>
              <Pie data={tasks} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={2} isAnimationActive={false}>
                {tasks.map((d) => (
                  <Cell key={d.name} fill={COLORS[d.name]} stroke="none" />
                ))}
              </Pie>
              <Tooltip formatter={(v) => formatInt(Number(v))} {...tooltipStyle} />
              <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} layout="vertical" align="right" verticalAlign="middle" />
            </PieChart>
          </ResponsiveContainer>
        )}
      </ChartCard>
    </div>
  );
}

/** Loaded with React.lazy, so recharts lands in its own chunk. */
export default memo(Charts);
