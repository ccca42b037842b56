import type { TaskSummary } from '@amiga/protocol';
import { formatAgo, formatUsd, shortModel } from '../lib/format';
import { shortSessionId, shownSessions } from '../lib/task-sessions';
import { SessionLink } from './sessions/SessionLink';

/** The sessions linked to a task, each a link to its page (issue 17 §3). */
function TaskSessions({ ids }: { ids: readonly string[] | undefined }) {
  const { shown, more } = shownSessions(ids);
  if (shown.length === 0) return <span className="muted">—</span>;
  return (
    <span className="task-sessions">
      {shown.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <SessionLink id={id} title={`Session ${id}`}>
            {shortSessionId(id)}
          </SessionLink>
        </span>
      ))}
      {more > 0 && <span className="muted"> +{more}</span>}
    </span>
  );
}

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
              <th className="num" title="The cost measured over the task's linked sessions">
                Measured
              </th>
              <th>Sessions</th>
              <th className="num">Updated</th>
            </tr>
          </thead>
          <tbody>
            {tasks.length === 0 && (
              <tr>
                <td colSpan={7} className="empty-row">
                  No tasks in this window
                </td>
              </tr>
            )}
            {tasks.map((t) => (
              <tr key={t.id} data-task={t.id}>
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
                <td className="num" data-testid="task-measured-cost">
                  {t.measured_cost_usd == null ? '—' : formatUsd(t.measured_cost_usd)}
                </td>
                <td>
                  <TaskSessions ids={t.session_ids} />
                </td>
                <td className="num muted">{formatAgo(now - t.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
