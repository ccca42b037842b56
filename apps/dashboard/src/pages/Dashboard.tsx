import type { MetricsSnapshot } from '@amiga/protocol';
import { lazy, Suspense, useEffect } from 'react';
import { ActivityFeed } from '../components/ActivityFeed';
import { AgentsNow } from '../components/AgentsNow';
import { Banners } from '../components/Banners';
import { BudgetPanel } from '../components/BudgetPanel';
import { EmptyState } from '../components/EmptyState';
import { ExportButtons } from '../components/ExportButtons';
import { Header } from '../components/Header';
import { AgentsCard } from '../components/AgentsCard';
import { KpiCards } from '../components/KpiCards';
import { LimitsPanel } from '../components/LimitsPanel';
import { MachinesCard } from '../components/MachinesCard';
import { ScopeBanner } from '../components/ScopeBanner';
import { SessionsTable } from '../components/SessionsTable';
import { TasksTable } from '../components/TasksTable';
import { TokenForm } from '../components/TokenForm';
import { UpdateStats } from '../components/UpdateStats';
import { WindowCoverage } from '../components/WindowCoverage';
import { useBudgetAlert } from '../hooks/useBudgetAlert';
import { useNeedsInputAlert } from '../hooks/useNeedsInputAlert';
import { useMetricsSocket } from '../hooks/useMetricsSocket';
import { useTimeline } from '../hooks/useTimeline';
import { submitToken } from '../live/connection';
import { describeWindow, isHistoryWindow, liveHours } from '../lib/windows';
import { useMonitor } from '../state/store';
import { retryImport } from '../lib/retry-import';

const Charts = lazy(() => retryImport(() => import('../components/Charts')));

const isEmpty = (s: MetricsSnapshot) =>
  s.overview.claude_api.total_requests === 0 && s.overview.tools.total_calls === 0 && s.overview.tasks.total === 0 && s.activity.length === 0;

let firstSnapshotMarked = false;

export function Dashboard() {
  const status = useMetricsSocket();
  const authError = useMonitor((s) => s.authError);
  const snapshot = useMonitor((s) => s.snapshot);
  const budget = useMonitor((s) => s.budget);
  // The window chosen; cards, tables and the budget cover its live part.
  const hours = useMonitor((s) => s.hours);
  const cost = snapshot?.overview.costs.total_cost ?? null;
  const overBudget = useBudgetAlert(cost, budget, liveHours(hours));
  useNeedsInputAlert(snapshot?.live?.sessions);

  useEffect(() => {
    if (snapshot && !firstSnapshotMarked) {
      firstSnapshotMarked = true;
      performance.mark('amiga:first-snapshot');
    }
  }, [snapshot]);

  return (
    <>
      <Header />
      <main className="page">
        {status === 'unauthorized' ? (
          <TokenForm onSubmit={submitToken} error={authError} />
        ) : (
          <>
            <Banners overBudget={overBudget} cost={cost} budget={budget} />
            <ScopeBanner />
            {snapshot?.live && <AgentsNow live={snapshot.live} />}
            <LimitsPanel />
            {isHistoryWindow(hours) && <WindowCoverage hours={hours} />}
            <Figures snapshot={snapshot} budget={budget} cost={cost} hours={hours} />
            <UpdateStats />
          </>
        )}
      </main>
    </>
  );
}

/** KPIs, charts, tables and side panels. */
function Figures({ snapshot, budget, cost, hours }: { snapshot: MetricsSnapshot | null; budget: number | null; cost: number | null; hours: number }) {
  const timeline = useTimeline(hours, snapshot);
  const historyPoints = useMonitor((s) => s.history?.data?.points.length ?? null);
  // A long window may hold older data than its live week: its charts show even when the week is empty.
  const hasData = snapshot !== null && (!isEmpty(snapshot) || (isHistoryWindow(hours) && historyPoints !== 0));
  return (
    <>
      <KpiCards snapshot={snapshot} />
      {snapshot && !hasData && <EmptyState />}
      {snapshot && timeline && hasData && (
        <Suspense fallback={<div className="charts charts-loading card">Loading charts…</div>}>
          <Charts
            timeline={timeline}
            toolsByType={snapshot.overview.tools.by_type}
            taskCounts={snapshot.overview.tasks}
            showOther={snapshot.overview.costs.other_cost > 0}
            breakdownCaption={`${describeWindow(snapshot.window.hours)} · live`}
            byProvider={snapshot.overview.costs.by_provider}
          />
        </Suspense>
      )}
      <div className="lower">
        <div className="lower-main">
          {snapshot && (
            <>
              <AgentsCard agents={snapshot.overview.agents} />
              <MachinesCard machines={snapshot.overview.machines} now={snapshot.timestamp} />
              <SessionsTable
                sessions={snapshot.sessions.list}
                total={snapshot.sessions.total_sessions}
                now={snapshot.timestamp}
                actions={<ExportButtons snapshot={snapshot} />}
              />
              <TasksTable tasks={snapshot.recent_tasks} now={snapshot.timestamp} />
            </>
          )}
        </div>
        <aside className="lower-side">
          <BudgetPanel budget={budget} cost={cost} hours={liveHours(hours)} />
          <ActivityFeed items={snapshot?.activity ?? []} />
        </aside>
      </div>
    </>
  );
}
