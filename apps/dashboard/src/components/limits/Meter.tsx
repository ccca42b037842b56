import { level } from '../../lib/limits-view';

/**
 * A horizontal gauge: `percent` filled (capped at the bar, coloured near and over 100%), an
 * optional marker at `markPercent` (the share of the window elapsed, or a projection), and a text.
 */
export function Meter({ percent, markPercent, markTitle, text, title }: { percent: number; markPercent?: number | null; markTitle?: string; text: string; title?: string }) {
  const state = level(percent);
  const width = Math.min(100, Math.max(0, percent));
  return (
    <div className="meter limits-meter" title={title} role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)} aria-valuetext={text}>
      <div className={`meter-fill${state === 'ok' ? '' : ` ${state}`}`} style={{ width: `${width}%` }} />
      {markPercent !== null && markPercent !== undefined && (
        <div className="limits-mark" style={{ left: `${Math.min(100, Math.max(0, markPercent))}%` }} title={markTitle} data-testid="gauge-mark" />
      )}
      <span className="meter-text" data-testid="gauge-text">
        {text}
      </span>
    </div>
  );
}
