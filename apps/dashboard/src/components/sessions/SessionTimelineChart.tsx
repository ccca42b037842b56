import type { SessionTimelinePoint } from '@amiga/protocol';
import { memo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatCompact, formatUsd } from '../../lib/format';
import { axis, CHART_HEIGHT, COLORS, tooltipStyle } from '../charts/chart-style';

/** A session minute by minute: cost (line, left axis), tokens and tool calls (bars, right axis). */
export const SessionTimelineChart = memo(function SessionTimelineChart({ points }: { points: readonly SessionTimelinePoint[] }) {
  if (points.length === 0) return <p className="chart-empty muted">No activity to chart</p>;
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart data={points as SessionTimelinePoint[]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={(v: number) => formatClock(v)} minTickGap={40} {...axis} />
        <YAxis yAxisId="cost" tickFormatter={(v: number) => formatUsd(v)} width={64} {...axis} />
        <YAxis yAxisId="tokens" orientation="right" tickFormatter={(v: number) => formatCompact(v)} width={48} {...axis} />
        <YAxis yAxisId="tools" hide allowDecimals={false} />
        <Tooltip
          labelFormatter={(v) => formatClock(Number(v))}
          formatter={(v, name) => (name === 'Cost' ? formatUsd(Number(v)) : formatCompact(Number(v)))}
          {...tooltipStyle}
        />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="tokens" dataKey="tokens" name="Tokens" fill={COLORS.input} fillOpacity={0.45} isAnimationActive={false} />
        <Bar yAxisId="tools" dataKey="tool_calls" name="Tool calls" fill={COLORS.cache_creation} isAnimationActive={false} />
        <Line yAxisId="cost" type="monotone" dataKey="cost" name="Cost" stroke={COLORS.opus} dot={false} strokeWidth={2} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
});
