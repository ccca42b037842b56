import type { MetricsSnapshot } from '@amiga/protocol';
import { memo, useMemo } from 'react';
import { Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { formatInt } from '../../lib/format';
import { CHART_HEIGHT, COLORS, tooltipStyle } from './chart-style';

type TaskCounts = MetricsSnapshot['overview']['tasks'];
const STATUSES = ['running', 'pending', 'completed', 'failed'] as const;

/** Tasks by status; redrawn only when the counts change. */
export const TaskStatusChart = memo(function TaskStatusChart({ counts }: { counts: TaskCounts }) {
  const tasks = useMemo(() => STATUSES.map((k) => ({ name: k, value: counts[k] })).filter((d) => d.value > 0), [counts]);
  if (tasks.length === 0) return <p className="chart-empty">No tasks in this window</p>;
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
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
  );
});
