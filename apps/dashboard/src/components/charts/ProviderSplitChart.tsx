import { memo, useMemo } from 'react';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { formatUsd } from '../../lib/format';
import { CHART_HEIGHT, tooltipStyle } from './chart-style';
import { PROVIDER_COLORS, PROVIDER_LABELS, providerSlices, type ProviderCosts } from './providers';

/** Height of the provider list under the pie. */
const LIST_HEIGHT = 30;

/** The window's cost split by provider (`costs.by_provider`), with each provider's dollars and share; redrawn only when it changes. */
export const ProviderSplitChart = memo(function ProviderSplitChart({ byProvider }: { byProvider: Partial<ProviderCosts> | undefined }) {
  const slices = useMemo(() => providerSlices(byProvider), [byProvider]);
  if (slices.length === 0) return <p className="chart-empty">No cost in this window</p>;
  return (
    <>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT - LIST_HEIGHT}>
        <PieChart>
          <Pie data={slices} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={2} isAnimationActive={false}>
            {slices.map((d) => (
              <Cell key={d.name} fill={PROVIDER_COLORS[d.name]} stroke="none" />
            ))}
          </Pie>
          <Tooltip formatter={(v, name) => [formatUsd(Number(v)), PROVIDER_LABELS[name as keyof ProviderCosts] ?? String(name)]} {...tooltipStyle} />
        </PieChart>
      </ResponsiveContainer>
      <ul className="split" data-testid="provider-split-list" style={{ justifyContent: 'center', fontSize: 12, height: LIST_HEIGHT, alignItems: 'center' }}>
        {slices.map((s) => (
          <li key={s.name} data-provider={s.name} data-cost={s.value}>
            <span className="swatch" style={{ background: PROVIDER_COLORS[s.name] }} aria-hidden />
            <span className="muted">{PROVIDER_LABELS[s.name]}</span> <span className="num">{formatUsd(s.value)}</span>
            <span className="muted">({Math.round(s.share * 100)}%)</span>
          </li>
        ))}
      </ul>
    </>
  );
});
