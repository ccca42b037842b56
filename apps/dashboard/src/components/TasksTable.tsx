import type { TaskSummary } from '@amiga/protocol';
import { formatAgo, formatUsd, shortModel } from '../lib/format';

export function TasksTable({ tasks, now }: { tasks: readonly TaskSummary[]; now: number }) {
  return (
    <section className="card table-card">
      <h2>
        Recent tasks <span className="muted count">{tasks.length}</span>
      </h2>
      <div className="table-scroll">
        <table data-testid="tasks-table">
          <thead>
            <tr>
              <th>Status</th>
              <th>Task</th>
              <th>Model</th>
              <th className="num">Cost</th>
              <th className="num">Updated</th>
            </tr>
          </thead>
          <tbody>
            {tasks.length === 0 && (
              <tr>
                <td colSpan={5} className="empty-row">
                  No tasks in this window
                </td>
              </tr>
            )}
            {tasks.map((t) => (
              <tr key={t.id}>
                <td>
                  <span className={`pill pill-${t.status}`}>{t.status}</span>
                </td>
                <td className="ellipsis" title={t.description ?? t.id}>
                  {t.description ?? <span className="muted">{t.id}</span>}
                </td>
                <td>
                  <span className="model">{shortModel(t.model)}</span>
                </td>
                <td className="num">{t.cost_usd === null ? '—' : formatUsd(t.cost_usd)}</td>
                <td className="num muted">{formatAgo(now - t.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
