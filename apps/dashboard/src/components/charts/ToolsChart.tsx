import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt } from '../../lib/format';
import { axis, CHART_HEIGHT, COLORS, tooltipStyle } from './chart-style';

/** The busiest tools shown. */
const TOP = 12;

/** Tool calls by type, busiest first; redrawn only when `byType` changes. */
export const ToolsChart = memo(function ToolsChart({ byType }: { byType: Readonly<Record<string, number>> }) {
  const tools = useMemo(
    () =>
      Object.entries(byType)
        .map(([name, calls]) => ({ name, calls }))
        .sort((a, b) => b.calls - a.calls)
        .slice(0, TOP),
    [byType],
  );
  if (tools.length === 0) return <p className="chart-empty">No tool calls in this window</p>;
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <BarChart data={tools} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} {...axis} />
        <YAxis type="category" dataKey="name" width={90} {...axis} />
        <Tooltip formatter={(v) => formatInt(Number(v))} cursor={{ fill: 'var(--hover)' }} {...tooltipStyle} />
        <Bar dataKey="calls" fill={COLORS.sonnet} radius={[0, 4, 4, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
});
