import { API_PATHS, apiUrl, type Overview } from '@amiga/protocol';
import { useEffect, useState } from 'react';
import { apiFetch } from '../lib/api';
import { mergeSeen } from '../lib/seen-names';
import { liveHours } from '../lib/windows';
import { setScope } from '../live/connection';
import { useMonitor } from '../state/store';

const ALL = '';
const NONE: readonly string[] = [];

/** The names a selector offers: every one seen so far (in snapshots or the unfiltered overview), plus the selected one. */
function useSeen(names: Readonly<Record<string, unknown>> | undefined, more: readonly string[], selected: string | null): readonly string[] {
  const [seen, setSeen] = useState<readonly string[]>(() => mergeSeen([], [...Object.keys(names ?? {}), ...more], selected));
  useEffect(() => setSeen((prev) => mergeSeen(prev, [...Object.keys(names ?? {}), ...more], selected)), [names, more, selected]);
  return seen;
}

/**
 * A filtered snapshot names only the agents and machines its filter keeps (after a reload of a
 * filtered address, that is all the page would know): under a filter, the unfiltered overview
 * is fetched once per filter so every agent and machine stays offered.
 */
function useUnfilteredNames(agent: string | null, machine: string | null, hours: number): { agents: readonly string[]; machines: readonly string[] } {
  const [names, setNames] = useState({ agents: NONE, machines: NONE });
  const filtered = agent !== null || machine !== null;
  useEffect(() => {
    if (!filtered) return;
    const ctrl = new AbortController();
    apiFetch(apiUrl(API_PATHS.metricsOverview, { hours }), { signal: ctrl.signal })
      .then(async (res) => (res.ok ? ((await res.json()) as Overview) : null))
      .then((o) => o && setNames({ agents: Object.keys(o.agents ?? {}), machines: Object.keys(o.machines ?? {}) }))
      // Only the list of options is at stake: the ones already seen stay offered.
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [filtered, agent, machine, hours]);
  return names;
}

function NameSelect({ label, testId, value, options, onChange }: { label: string; testId: string; value: string | null; options: readonly string[]; onChange: (v: string | null) => void }) {
  return (
    <label>
      <span>{label}</span>
      <select
        data-testid={testId}
        data-active={value !== null}
        value={value ?? ALL}
        title={value !== null ? `Showing only ${label.toLowerCase()} ${value}` : `Every ${label.toLowerCase()}`}
        onChange={(e) => onChange(e.target.value === ALL ? null : e.target.value)}
        style={value !== null ? { borderColor: 'var(--accent)', boxShadow: '0 0 0 1px var(--accent)' } : undefined}
      >
        <option value={ALL}>all</option>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The agent and machine selectors of the header; the choice lives in the page address and the live subscription. */
export function ScopeSelect() {
  const agent = useMonitor((s) => s.agent);
  const machine = useMonitor((s) => s.machine);
  const hours = useMonitor((s) => liveHours(s.hours));
  const unfiltered = useUnfilteredNames(agent, machine, hours);
  const agents = useSeen(
    useMonitor((s) => s.snapshot?.overview.agents),
    unfiltered.agents,
    agent,
  );
  const machines = useSeen(
    useMonitor((s) => s.snapshot?.overview.machines),
    unfiltered.machines,
    machine,
  );
  return (
    <>
      <NameSelect label="Agent" testId="agent-select" value={agent} options={agents} onChange={(v) => setScope({ agent: v })} />
      <NameSelect label="Machine" testId="machine-select" value={machine} options={machines} onChange={(v) => setScope({ machine: v })} />
    </>
  );
}
