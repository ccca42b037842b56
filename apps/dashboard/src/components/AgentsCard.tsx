import type { AgentUsage } from '@amiga/protocol';
import { formatCompact, formatInt, formatUsd } from '../lib/format';

/** Each agent's figures over the window (`overview.agents`): requests, tokens, cost and sessions. */
export function AgentsCard({ agents }: { agents: Readonly<Record<string, AgentUsage>> | undefined }) {
  const rows = Object.entries(agents ?? {});
  if (rows.length === 0) return null;
  return (
    <section className="card table-card" data-testid="agents-card">
      <h2>Agents</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Agent</th>
              <th className="num">Requests</th>
              <th className="num" title="input (without cache reads) + output (reasoning included)">Tokens</th>
              <th className="num">Reasoning</th>
              <th className="num">Cost</th>
              <th className="num">Sessions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, a]) => (
              <tr key={name} data-testid="agent-usage-row" data-agent={name}>
                <td>{name}</td>
                <td className="num">{formatInt(a.requests)}</td>
                <td className="num">{formatCompact(a.input_tokens + a.output_tokens)}</td>
                <td className="num">{formatCompact(a.reasoning_tokens)}</td>
                <td className="num">{formatUsd(a.cost_usd)}</td>
                <td className="num">{formatInt(a.sessions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
