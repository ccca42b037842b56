import { formatCompact, formatUsd } from '../../lib/format';
import { formatPercent, limitSourceTitle, type BlockEstimate } from '../../lib/limits-view';
import { KindBadge } from './KindBadge';
import { Meter } from './Meter';

/**
 * The agent's current 5-hour block, counted from its requests: tokens and cost so far, burn rate,
 * the projection to the block's end, and the share of the block's token limit (plan, p90 estimate
 * or none). Estimated; when the agent also reports a measured 5-hour figure, that one leads.
 */
export function BlockGauge({ estimate, agent, main }: { estimate: BlockEstimate; agent: string; main: boolean }) {
  const { block, usedPercent, projectedPercent } = estimate;
  const limitText = block.token_limit === null ? 'no limit known' : `${formatCompact(block.token_limit)} tokens (${limitSourceTitle(block.limit_source)})`;
  return (
    <div
      className={`limit-gauge limit-gauge-block${main ? ' limit-gauge-main' : ''}`}
      data-testid="block-gauge"
      data-kind="estimated"
      data-agent={agent}
      data-limit-source={block.limit_source}
      data-main={main ? 'true' : 'false'}
    >
      <div className="limit-gauge-head">
        <span className="limit-gauge-title">5-hour block</span>
        <KindBadge kind="estimated" why="counted from the requests; the token limit is a plan figure or an estimate" />
        <span className="muted small" data-testid="block-limit">
          limit: {limitText}
        </span>
      </div>
      {usedPercent !== null && (
        <Meter
          percent={usedPercent}
          markPercent={projectedPercent}
          markTitle={projectedPercent !== null ? `projected ${formatPercent(projectedPercent)} at the block's end` : undefined}
          text={`${formatPercent(usedPercent)} of the limit`}
        />
      )}
      <dl className="limits-stats small">
        <div>
          <dt>so far</dt>
          <dd data-testid="block-so-far">
            {formatCompact(block.tokens)} tokens · {formatUsd(block.cost_usd)}
          </dd>
        </div>
        <div>
          <dt>burn rate</dt>
          <dd data-testid="block-burn">
            {formatCompact(block.burn_rate_tokens_per_min)} tokens/min · {formatUsd(block.burn_rate_usd_per_hour)}/h
          </dd>
        </div>
        <div>
          <dt>at the block&apos;s end</dt>
          <dd
            data-testid="block-projection"
            className={estimate.projectedOver ? 'limits-pace-ahead' : undefined}
            title={estimate.projectedOver ? 'at this burn rate the limit is reached before the block ends' : undefined}
          >
            {formatCompact(block.projected_tokens)} tokens · {formatUsd(block.projected_cost_usd)}
            {projectedPercent !== null && ` · ${formatPercent(projectedPercent)} of the limit`}
          </dd>
        </div>
        <div>
          <dt>block</dt>
          <dd data-testid="block-end">{estimate.endText}</dd>
        </div>
      </dl>
    </div>
  );
}
