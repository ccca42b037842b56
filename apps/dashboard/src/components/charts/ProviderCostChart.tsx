import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucket, formatUsd } from '../../lib/format';
import { axis, CHART_HEIGHT, tooltipStyle } from './chart-style';
import { PROVIDER_COLORS, PROVIDER_LABELS, providersIn, type ProviderPoint } from './providers';

/** Cost over time, stacked by model provider (only providers with a cost are drawn). */
export const ProviderCostChart = memo(function ProviderCostChart({ points, hours }: { points: readonly ProviderPoint[]; hours: number }) {
  const tick = (v: number) => formatBucket(v, hours);
  const providers = useMemo(() => providersIn(points), [points]);
  if (providers.length === 0) return <p className="chart-empty">No cost in this window</p>;
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <AreaChart data={points as ProviderPoint[]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick} minTickGap={40} {...axis} />
        <YAxis tickFormatter={(v: number) => formatUsd(v)} width={64} {...axis} />
        <Tooltip labelFormatter={(v) => tick(Number(v))} formatter={(v) => formatUsd(Number(v))} {...tooltipStyle} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
        {providers.map((k) => (
          <Area
            key={k}
            type="monotone"
            dataKey={k}
            name={PROVIDER_LABELS[k]}
            stackId="cost"
            stroke={PROVIDER_COLORS[k]}
            fill={PROVIDER_COLORS[k]}
            fillOpacity={0.35}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
});
