import type { LimitEntry } from '@amiga/protocol';
import { formatPercent, paceView, resetText, sourceTitle, windowTitle } from '../../lib/limits-view';
import { KindBadge } from './KindBadge';
import { Meter } from './Meter';

/** One measured window (status line or Codex): used percent, time to reset, and pace against the elapsed share of the window. */
export function MeasuredGauge({ entry, now, main }: { entry: LimitEntry; now: number; main: boolean }) {
  const pace = paceView(entry, now);
  const reset = resetText(entry, now);
  return (
    <div
      className={`limit-gauge${main ? ' limit-gauge-main' : ''}${entry.reset ? ' limit-gauge-reset' : ''}`}
      data-testid="limit-gauge"
      data-kind="measured"
      data-agent={entry.agent}
      data-window={entry.window}
      data-machine={entry.machine}
      data-main={main ? 'true' : 'false'}
    >
      <div className="limit-gauge-head">
        <span className="limit-gauge-title">{windowTitle(entry.window)}</span>
        <KindBadge kind="measured" why={`reported by the agent (${sourceTitle(entry.source)})`} />
        <span className="muted small">
          {sourceTitle(entry.source)} · {entry.machine}
        </span>
      </div>
      <Meter
        percent={entry.used_percent}
        markPercent={pace?.elapsedPercent ?? null}
        markTitle={pace ? `${formatPercent(pace.elapsedPercent)} of the window elapsed` : undefined}
        text={entry.reset ? 'reset' : `${formatPercent(entry.used_percent)} used`}
      />
      <div className="limit-gauge-foot small">
        <span data-testid="gauge-reset">{reset}</span>
        {pace && (
          <span className={`limits-pace${pace.ahead ? ' limits-pace-ahead' : ''}`} data-testid="gauge-pace" title={pace.detail}>
            {pace.wording}
          </span>
        )}
      </div>
    </div>
  );
}
