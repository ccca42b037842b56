import { useEffect, useState } from 'react';
import { setScope } from '../live/connection';
import { mergeSeen } from '../lib/seen-names';
import { useMonitor } from '../state/store';

const ALL = '';

/** The names a selector offers: every one seen in the snapshots so far, plus the selected one. */
function useSeen(names: Readonly<Record<string, unknown>> | undefined, selected: string | null): readonly string[] {
  const [seen, setSeen] = useState<readonly string[]>(() => mergeSeen([], Object.keys(names ?? {}), selected));
  useEffect(() => setSeen((prev) => mergeSeen(prev, Object.keys(names ?? {}), selected)), [names, selected]);
  return seen;
}

function NameSelect({ label, testId, value, options, onChange }: { label: string; testId: string; value: string | null; options: readonly string[]; onChange: (v: string | null) => void }) {
  return (
    <label className={value !== null ? 'scope-active' : undefined}>
      <span>{label}</span>
      <select
        data-testid={testId}
        value={value ?? ALL}
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
  const agents = useSeen(useMonitor((s) => s.snapshot?.overview.agents), agent);
  const machines = useSeen(useMonitor((s) => s.snapshot?.overview.machines), machine);
  return (
    <>
      <NameSelect label="Agent" testId="agent-select" value={agent} options={agents} onChange={(v) => setScope({ agent: v })} />
      <NameSelect label="Machine" testId="machine-select" value={machine} options={machines} onChange={(v) => setScope({ machine: v })} />
    </>
  );
}
