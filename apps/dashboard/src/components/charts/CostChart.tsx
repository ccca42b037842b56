import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucket, formatUsd } from '../../lib/format';
import type { ChartPoint } from './chart-points';
import { axis, CHART_HEIGHT, COLORS, tooltipStyle } from './chart-style';

const FAMILIES = ['haiku', 'sonnet', 'opus', 'other'] as const;

/** Cost over time, stacked by model family (`other` only when it has a cost). */
export const CostChart = memo(function CostChart({ points, hours, showOther }: { points: readonly ChartPoint[]; hours: number; showOther: boolean }) {
  const tick = (v: number) => formatBucket(v, hours);
  const families = FAMILIES.filter((k) => k !== 'other' || showOther);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <AreaChart data={points as ChartPoint[]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
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
  );
});
