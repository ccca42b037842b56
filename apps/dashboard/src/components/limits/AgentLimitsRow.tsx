import type { AgentLimits } from '../../lib/limits-view';
import { BlockGauge } from './BlockGauge';
import { MeasuredGauge } from './MeasuredGauge';

/** One agent's limits: its measured windows (the 5-hour one leading), then its estimated current block. */
export function AgentLimitsRow({ row, now }: { row: AgentLimits; now: number }) {
  return (
    <div className="limits-agent" data-testid="limits-agent" data-agent={row.agent} data-five-hour={row.fiveHour}>
      <h3 className="limits-agent-name">{row.agent}</h3>
      <div className="limits-gauges">
        {row.measured.map((e) => (
          <MeasuredGauge key={`${e.window}/${e.machine}`} entry={e} now={now} main={e === row.main5h} />
        ))}
        {row.estimate && <BlockGauge estimate={row.estimate} agent={row.agent} main={row.fiveHour === 'estimated'} />}
      </div>
      {row.fiveHour === 'measured' && row.estimate && (
        <p className="muted small limits-note">The measured 5-hour figure wins; the block is the monitor&apos;s own estimate from the requests.</p>
      )}
    </div>
  );
}
