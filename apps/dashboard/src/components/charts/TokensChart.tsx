import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucket, formatCompact, formatInt } from '../../lib/format';
import type { ChartPoint } from './chart-points';
import { axis, CHART_HEIGHT, COLORS, tooltipStyle } from './chart-style';

const KINDS = ['input', 'output', 'cache_creation', 'cache_read'] as const;

/** Tokens over time, stacked by kind. */
export const TokensChart = memo(function TokensChart({ points, hours }: { points: readonly ChartPoint[]; hours: number }) {
  const tick = (v: number) => formatBucket(v, hours);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <AreaChart data={points as ChartPoint[]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick} minTickGap={40} {...axis} />
        <YAxis tickFormatter={(v: number) => formatCompact(v)} width={64} {...axis} />
        <Tooltip labelFormatter={(v) => tick(Number(v))} formatter={(v) => formatInt(Number(v))} {...tooltipStyle} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
        {KINDS.map((k) => (
          <Area key={k} type="monotone" dataKey={k} name={k.replace('_', ' ')} stackId="tokens" stroke={COLORS[k]} fill={COLORS[k]} fillOpacity={0.3} isAnimationActive={false} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
});
