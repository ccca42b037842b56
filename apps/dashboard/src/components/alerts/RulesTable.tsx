import type { AlertRule } from '@amiga/protocol';
import { describeCondition } from '../../lib/alerts-view';

/** The rules of the MONITORING_ALERTS file, as the server holds them. */
export function RulesTable({ rules }: { rules: readonly AlertRule[] }) {
  return (
    <section className="card table-card">
      <h2>
        Rules <span className="muted count">{rules.length}</span>
      </h2>
      <div className="table-scroll">
        <table data-testid="alert-rules">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Condition</th>
              <th scope="col">Channels</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {rules.length === 0 && (
              <tr>
                <td colSpan={4} className="empty-row">
                  No rules in the file
                </td>
              </tr>
            )}
            {rules.map((r) => (
              <tr key={r.name} data-rule={r.name}>
                <th scope="row">{r.name}</th>
                <td title={`${r.condition} ${JSON.stringify(r.params)}`}>{describeCondition(r)}</td>
                <td>{r.notify.join(', ')}</td>
                <td className={r.problem ? 'bad' : r.enabled ? undefined : 'muted'}>{r.problem ?? (r.enabled ? 'on' : 'disabled')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
