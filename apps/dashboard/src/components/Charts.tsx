import type { MetricsSnapshot } from '@amiga/protocol';
import { memo, useDeferredValue } from 'react';
import { ChartCard } from './charts/ChartCard';
import { useChartPoints } from './charts/chart-points';
import { CostChart } from './charts/CostChart';
import { ProviderCostChart } from './charts/ProviderCostChart';
import { ProviderSplitChart } from './charts/ProviderSplitChart';
import { providersIn, providerSlices, useProviderPoints, type ProviderCosts } from './charts/providers';
import { TaskStatusChart } from './charts/TaskStatusChart';
import { TokensChart } from './charts/TokensChart';
import { ToolsChart } from './charts/ToolsChart';
import type { Timeline } from './charts/timeline';

export interface ChartsProps {
  /** What the cost and token charts draw. */
  timeline: Timeline;
  /** The live snapshot's tool calls by type and task counts (each keeps its identity while unchanged). */
  toolsByType: Readonly<Record<string, number>>;
  taskCounts: MetricsSnapshot['overview']['tasks'];
  /** Whether any cost is of no known model family. */
  showOther: boolean;
  /** What the tool and task charts cover. */
  breakdownCaption: string;
  /** The live snapshot's cost per provider (`costs.by_provider`; absent from older servers). */
  byProvider?: Partial<ProviderCosts> | undefined;
}

/**
 * The four charts. Each is memoised on the part of the data it draws, so an update
 * that leaves that part as it was (same object, thanks to structural sharing) does
 * not redraw it.
 */
function Charts(props: ChartsProps) {
  // The charts follow at low priority: the figures above them update first, and a redraw
  // is rendered in slices the browser can interleave with other work.
  const { timeline, toolsByType, taskCounts, showOther, breakdownCaption, byProvider } = useDeferredValue(props);
  const points = useChartPoints(timeline.series, timeline.since, timeline.now);
  const providerPoints = useProviderPoints(timeline.series, timeline.since, timeline.now);
  const placeholder = timeline.placeholder && <p className="chart-empty">{timeline.placeholder}</p>;
  const attrs = {
    'data-source': timeline.source,
    'data-bucket': timeline.series.bucket_seconds,
    'data-points': timeline.placeholder ? 0 : timeline.series.points.length,
  };
  return (
    <div className="charts">
      <ChartCard title="Cost over time by model family" caption={timeline.caption} wide testId="chart-cost" attrs={attrs}>
        {placeholder || <CostChart points={points} hours={timeline.hours} showOther={showOther} />}
      </ChartCard>
      <ChartCard title="Tokens over time" caption={timeline.caption} wide testId="chart-tokens" attrs={attrs}>
        {placeholder || <TokensChart points={points} hours={timeline.hours} />}
      </ChartCard>
      <ChartCard
        title="Cost over time by provider"
        caption={timeline.caption}
        testId="chart-provider-cost"
        attrs={{ ...attrs, 'data-providers': providersIn(providerPoints).join(',') }}
      >
        {placeholder || <ProviderCostChart points={providerPoints} hours={timeline.hours} />}
      </ChartCard>
      <ChartCard title="Cost by provider" caption={breakdownCaption} testId="chart-provider-split" attrs={{ 'data-providers': providerSlices(byProvider).map((s) => s.name).join(',') }}>
        <ProviderSplitChart byProvider={byProvider} />
      </ChartCard>
      <ChartCard title="Tool calls by type" caption={breakdownCaption} testId="chart-tools">
        <ToolsChart byType={toolsByType} />
      </ChartCard>
      <ChartCard title="Task status" caption={breakdownCaption} testId="chart-tasks">
        <TaskStatusChart counts={taskCounts} />
      </ChartCard>
    </div>
  );
}

/** Loaded with React.lazy, so recharts lands in its own chunk. */
export default memo(Charts);
