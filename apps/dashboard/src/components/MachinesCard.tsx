import type { MachineUsage } from '@amiga/protocol';
import { useMemo } from 'react';
import { formatCompact, formatInt, formatUsd } from '../lib/format';
import { formatMinutesAgo, machineRows, QUIET_AFTER_SECONDS } from '../lib/machines';

/** Each machine's figures over the window (`overview.machines`), with when it was last heard from, so a machine gone quiet shows. */
export function MachinesCard({ machines, now }: { machines: Readonly<Record<string, MachineUsage>> | undefined; now: number }) {
  const rows = useMemo(() => machineRows(machines, now), [machines, now]);
  if (rows.length === 0) return null;
  return (
    <section className="card table-card" data-testid="machines-card">
      <h2>
        Machines <span className="muted count">{rows.length}</span>
      </h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Machine</th>
              <th className="num">Requests</th>
              <th className="num" title="input (without cache reads) + output">Tokens</th>
              <th className="num">Cost</th>
              <th className="num">Sessions</th>
              <th className="num">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.name} data-testid="machine-row" data-machine={m.name} data-quiet={m.quiet}>
                <td>{m.name}</td>
                <td className="num">{formatInt(m.requests)}</td>
                <td className="num">{formatCompact(m.input_tokens + m.output_tokens)}</td>
                <td className="num">{formatUsd(m.cost_usd)}</td>
                <td className="num">{formatInt(m.sessions)}</td>
                <td className={m.quiet ? 'num bad' : 'num'} title={m.quiet ? `No event for ${QUIET_AFTER_SECONDS / 60} minutes or more` : undefined}>
                  {formatMinutesAgo(m.age)}
                  {m.quiet && ' · quiet'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
