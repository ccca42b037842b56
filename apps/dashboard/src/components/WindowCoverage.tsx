import { describeBucket, describeWindow, liveHours } from '../lib/windows';
import { useMonitor } from '../state/store';

/**
 * For a window longer than the live snapshot: which figures cover what, so no number
 * reads as covering a period it does not.
 */
export function WindowCoverage({ hours }: { hours: number }) {
  const bucket = useMonitor((s) => s.history?.data?.bucket ?? null);
  const live = describeWindow(liveHours(hours));
  return (
    <div className="banner banner-info" role="note" data-testid="window-coverage">
      <span>
        <strong>{describeWindow(hours).replace(/^the last/, 'Last')}:</strong> the cost and token charts show {describeWindow(hours)} from
        stored history{bucket === null ? '' : ` (${describeBucket(bucket)})`}, refreshed every minute and after live updates. The cards,
        the tool and task charts, the tables, the budget and the feed show {live}, live: the longest window live figures cover.
      </span>
    </div>
  );
}
