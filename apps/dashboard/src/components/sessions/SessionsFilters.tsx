import { LIVE_STATES, type LiveState } from '@amiga/protocol';
import { useEffect, useState, type FormEvent } from 'react';
import { fromLocalInput, toLocalInput } from '../../lib/datetime-local';
import { NO_FILTERS, type SessionFilters } from '../../lib/sessions-url';

type TextKey = 'agent' | 'machine' | 'project' | 'model' | 'q';
const TEXT_FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'q', label: 'Search', placeholder: 'project, id prefix, model' },
  { key: 'agent', label: 'Agent', placeholder: 'any' },
  { key: 'machine', label: 'Machine', placeholder: 'any' },
  { key: 'project', label: 'Project', placeholder: 'any (exact)' },
  { key: 'model', label: 'Model', placeholder: 'any (exact)' },
];

interface Draft {
  agent: string;
  machine: string;
  project: string;
  model: string;
  q: string;
  from: string;
  to: string;
}

const draftOf = (f: SessionFilters): Draft => ({
  agent: f.agent ?? '',
  machine: f.machine ?? '',
  project: f.project ?? '',
  model: f.model ?? '',
  q: f.q ?? '',
  from: f.from !== null ? toLocalInput(f.from) : '',
  to: f.to !== null ? toLocalInput(f.to) : '',
});

/** An input's time; unchanged from the filter's (shown to the minute), the filter's own seconds stay. */
const timeOf = (value: string, current: number | null): number | null =>
  value === '' ? null : current !== null && value === toLocalInput(current) ? current : fromLocalInput(value);

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The list's filters: texts apply on Enter (or "Apply"), the state and the time range at once. */
export function SessionsFilters({
  filters,
  onChange,
  suggestions,
}: {
  filters: SessionFilters;
  onChange: (f: SessionFilters) => void;
  suggestions: Record<'agent' | 'machine' | 'project' | 'model', string[]>;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  useEffect(() => setDraft(draftOf(filters)), [filters]);
  const apply = (d: Draft, extra: Partial<SessionFilters> = {}) =>
    onChange({
      ...filters,
      agent: orNull(d.agent),
      machine: orNull(d.machine),
      project: orNull(d.project),
      model: orNull(d.model),
      q: orNull(d.q),
      from: timeOf(d.from, filters.from),
      to: timeOf(d.to, filters.to),
      ...extra,
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  return (
    <form className="card sessions-filters" onSubmit={submit} role="search" aria-label="Filter the sessions" data-testid="sessions-filters">
      {TEXT_FIELDS.map((f) => (
        <label key={f.key}>
          <span>{f.label}</span>
          <input
            type={f.key === 'q' ? 'search' : 'text'}
            name={f.key}
            value={draft[f.key]}
            placeholder={f.placeholder}
            list={f.key === 'q' ? undefined : `sessions-${f.key}-list`}
            data-testid={`filter-${f.key}`}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
          />
          {f.key !== 'q' && (
            <datalist id={`sessions-${f.key}-list`}>
              {suggestions[f.key].map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          )}
        </label>
      ))}
      <label>
        <span>State</span>
        <select
          name="state"
          value={filters.state ?? ''}
          data-testid="filter-state"
          onChange={(e) => apply(draft, { state: e.target.value === '' ? null : (e.target.value as LiveState) })}
        >
          <option value="">any</option>
          {LIVE_STATES.map((s) => (
            <option key={s} value={s}>
              {s.replace('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      {(['from', 'to'] as const).map((k) => (
        <label key={k}>
          <span>{k === 'from' ? 'Active after' : 'Active before'}</span>
          <input
            type="datetime-local"
            name={k}
            value={draft[k]}
            data-testid={`filter-${k}`}
            onChange={(e) => {
              const next = { ...draft, [k]: e.target.value };
              setDraft(next);
              if (e.target.value === '' || fromLocalInput(e.target.value) !== null) apply(next);
            }}
          />
        </label>
      ))}
      <div className="sessions-filter-actions">
        <button type="submit" className="btn btn-small btn-primary" data-testid="filter-apply">
          Apply
        </button>
        <button type="button" className="btn btn-small" data-testid="filter-clear" onClick={() => onChange({ ...NO_FILTERS, limit: filters.limit })}>
          Clear
        </button>
      </div>
    </form>
  );
}
