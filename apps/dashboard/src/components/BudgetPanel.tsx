import { useState } from 'react';
import { formatUsd } from '../lib/format';
import { setBudget } from '../live/connection';
import { windowLabel } from '../lib/windows';
import { BudgetCoverage } from './BudgetCoverage';

/** The cost limit for the window, and the switch for browser notifications. */
export function BudgetPanel({ budget, cost, hours }: { budget: number | null; cost: number | null; hours: number }) {
  const [draft, setDraft] = useState(budget === null ? '' : String(budget));
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission));
  const used = budget && cost !== null ? Math.min(1, cost / budget) : 0;

  const save = () => {
    const value = Number(draft);
    setBudget(draft.trim() !== '' && Number.isFinite(value) && value > 0 ? value : null);
  };

  return (
    <section className="card budget">
      <h2>Budget</h2>
      <form
        className="budget-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label>
          <span className="muted">Limit for {windowLabel(hours)}, $</span>
          <input
            data-testid="budget-input"
            type="number"
            min="0"
            step="0.01"
            inputMode="decimal"
            placeholder="none"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={save}
          />
        </label>
        <button type="submit" className="btn">
          Set
        </button>
      </form>
      {budget !== null && (
        <div className="meter" title={`${Math.round(used * 100)}% of the limit`}>
          <div className={`meter-fill${used >= 1 ? ' over' : used > 0.8 ? ' near' : ''}`} style={{ width: `${used * 100}%` }} />
          <span className="meter-text">
            {formatUsd(cost ?? 0)} of {formatUsd(budget)}
          </span>
        </div>
      )}
      {permission === 'default' && (
        <button type="button" className="btn btn-link" onClick={() => void Notification.requestPermission().then(setPermission)}>
          Notify me in the browser
        </button>
      )}
      {permission === 'denied' && <p className="muted small">Browser notifications are blocked for this site.</p>}
      <BudgetCoverage />
    </section>
  );
}
